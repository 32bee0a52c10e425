using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD modified immediate (DDI0487 C4.1.95 "Advanced SIMD modified immediate"): MOVI, MVNI, ORR (vector, immediate),
/// BIC (vector, immediate), FMOV (vector, immediate). The 64-bit pattern of AdvSIMDExpandImm (DDI0487 J1 shared
/// pseudocode) is computed once at decode time into <see cref="DecodedInstruction.Imm"/>.
/// </summary>
internal static unsafe class SimdModifiedImmediate
{
    private const byte OperationMove = 0;
    private const byte OperationOr = 1;
    private const byte OperationBitClear = 2;

    /// <summary>AdvSIMDExpandImm(op, cmode, imm8).</summary>
    public static ulong ExpandImmediate(int op, int cmode, uint imm8)
    {
        ulong i = imm8;
        switch (cmode >> 1)
        {
            case 0: return Words(i);
            case 1: return Words(i << 8);
            case 2: return Words(i << 16);
            case 3: return Words(i << 24);
            case 4: return Halfwords(i);
            case 5: return Halfwords(i << 8);
            case 6: return Words((cmode & 1) == 0 ? (i << 8) | 0xFF : (i << 16) | 0xFFFF);
        }

        if ((cmode & 1) == 0)
        {
            if (op == 0)
            {
                return i * 0x0101_0101_0101_0101UL;
            }

            ulong bytes = 0;
            for (int b = 0; b < 8; b++)
            {
                if (((i >> b) & 1) != 0)
                {
                    bytes |= 0xFFUL << (8 * b);
                }
            }

            return bytes;
        }

        ulong b6 = (i >> 6) & 1;
        if (op == 0)
        {
            // imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,5):imm8<5:0>:Zeros(19): the single-precision FMOV pattern.
            ulong single = ((i >> 7) << 31) | ((b6 ^ 1) << 30) | ((b6 != 0 ? 0x1FUL : 0) << 25) | ((i & 0x3F) << 19);
            return Words(single);
        }

        // imm8<7>:NOT(imm8<6>):Replicate(imm8<6>,8):imm8<5:0>:Zeros(48).
        return ((i >> 7) << 63) | ((b6 ^ 1) << 62) | ((b6 != 0 ? 0xFFUL : 0) << 54) | ((i & 0x3F) << 48);
    }

    private static ulong Words(ulong word) => (word & 0xFFFF_FFFF) * 0x0000_0001_0000_0001UL;

    private static ulong Halfwords(ulong half) => (half & 0xFFFF) * 0x0001_0001_0001_0001UL;

    /// <summary>
    /// cmode&lt;0&gt; = 1 with cmode &lt; 12 is ORR (op 0) / BIC (op 1); cmode 1110/1111 are MOVI/FMOV whatever op; otherwise
    /// op selects MOVI or MVNI (inverted immediate). FMOV Vd.2D needs Q = 1.
    /// </summary>
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        int q = (int)(raw >> 30) & 1;
        int op = (int)(raw >> 29) & 1;
        int cmode = (int)(raw >> 12) & 0xF;
        uint imm8 = (((raw >> 16) & 7) << 5) | ((raw >> 5) & 0x1F);
        if (cmode == 0xF && op == 1 && q == 0)
        {
            return false;
        }

        d->Flags = (byte)(q != 0 ? SimdFlags.Q : 0);
        ulong imm = ExpandImmediate(op, cmode, imm8);
        if ((cmode & 1) != 0 && cmode < 12)
        {
            d->Option = op == 0 ? OperationOr : OperationBitClear;
        }
        else
        {
            d->Option = OperationMove;
            if (op == 1 && cmode < 14)
            {
                imm = ~imm;
            }
        }

        d->Imm = imm;
        return true;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        ulong* reg = v.V + (2 * d->Rd);
        ulong lo = reg[0], hi = reg[1];
        switch (d->Option)
        {
            case OperationMove:
                lo = d->Imm;
                hi = d->Imm;
                break;
            case OperationOr:
                lo |= d->Imm;
                hi |= d->Imm;
                break;
            default:
                lo &= ~d->Imm;
                hi &= ~d->Imm;
                break;
        }

        reg[0] = lo;
        reg[1] = (d->Flags & SimdFlags.Q) != 0 ? hi : 0;
        return true;
    }
}
