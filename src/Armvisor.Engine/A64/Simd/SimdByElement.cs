using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD integer "vector x indexed element", vector and scalar (DDI0487 C4.1.95): MUL, MLA, MLS, SQDMULH, SQRDMULH,
/// and the lengthening SMULL/UMULL, SMLAL/UMLAL, SMLSL/UMLSL, SQDMULL, SQDMLAL, SQDMLSL. The second operand is
/// Vm.T[index]: for halfwords index = H:L:M and Vm is V0-V15, for words index = H:L and Vm = M:Rm.
/// Option = opcode (bits [15:12]); Imm = index.
/// </summary>
internal static unsafe class SimdByElement
{
    private const int MultiplyAccumulate = 0b0000, MultiplyAddLong = 0b0010, SatDoublingAddLong = 0b0011, MultiplySubtract = 0b0100,
        MultiplySubLong = 0b0110, SatDoublingSubLong = 0b0111, Multiply = 0b1000, MultiplyLong = 0b1010, SatDoublingLong = 0b1011,
        SatDoublingHigh = 0b1100, SatRoundingDoublingHigh = 0b1101;

    private static bool Prepare(uint raw, DecodedInstruction* d, bool scalar)
    {
        int size = (int)(raw >> 22) & 3;
        int l = (int)(raw >> 21) & 1, m = (int)(raw >> 20) & 1, h = (int)(raw >> 11) & 1;
        int u = (int)(raw >> 29) & 1;
        d->Size = (byte)size;
        d->Option = (byte)((raw >> 12) & 0xF);
        d->Flags = (byte)((!scalar && ((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0) | (scalar ? SimdFlags.Scalar : 0) | (u != 0 ? SimdFlags.Unsigned : 0));
        if (size == 1)
        {
            d->Imm = (ulong)((h << 2) | (l << 1) | m);
            d->Rm = (byte)((raw >> 16) & 0xF);
        }
        else
        {
            d->Imm = (ulong)((h << 1) | l);
            d->Rm = (byte)((raw >> 16) & 0x1F);
        }

        bool signedOnly = d->Option is SatDoublingAddLong or SatDoublingSubLong or SatDoublingLong or SatDoublingHigh or SatRoundingDoublingHigh or Multiply;
        bool unsignedOnly = d->Option is MultiplyAccumulate or MultiplySubtract;
        return size is 1 or 2 && !(signedOnly && u != 0) && !(unsignedOnly && u == 0);
    }

    public static bool PrepareVector(uint raw, DecodedInstruction* d) => Prepare(raw, d, scalar: false);

    public static bool PrepareScalar(uint raw, DecodedInstruction* d) => Prepare(raw, d, scalar: true);

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        int op = d->Option, size = d->Size, bits = 8 << size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool scalar = (d->Flags & SimdFlags.Scalar) != 0;
        byte* n = Pointer(v, d->Rn), dst = Pointer(v, d->Rd);
        Int128 element = unsigned ? Get(Pointer(v, d->Rm), (int)d->Imm, size) : GetSigned(Pointer(v, d->Rm), (int)d->Imm, size);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        bool saturated = false;
        bool lengthening = op is MultiplyAddLong or SatDoublingAddLong or MultiplySubLong or SatDoublingSubLong or MultiplyLong or SatDoublingLong;
        if (lengthening)
        {
            byte* half = n + ((d->Flags & SimdFlags.Q) != 0 ? 8 : 0);
            int count = scalar ? 1 : 8 >> size;
            for (int i = 0; i < count; i++)
            {
                Int128 a = unsigned ? Get(half, i, size) : GetSigned(half, i, size);
                Int128 acc = unsigned ? Get(dst, i, size + 1) : GetSigned(dst, i, size + 1);
                Int128 product = a * element;
                ulong result = op switch
                {
                    MultiplyAddLong => (ulong)(acc + product),
                    MultiplySubLong => (ulong)(acc - product),
                    MultiplyLong => (ulong)product,
                    SatDoublingLong => SignedSaturate(2 * product, 2 * bits, ref saturated),
                    SatDoublingAddLong => SignedSaturate(acc + SignExtend(SignedSaturate(2 * product, 2 * bits, ref saturated), 2 * bits), 2 * bits, ref saturated),
                    _ => SignedSaturate(acc - SignExtend(SignedSaturate(2 * product, 2 * bits, ref saturated), 2 * bits), 2 * bits, ref saturated),
                };
                Set((byte*)r, i, size + 1, result);
            }
        }
        else
        {
            int count = Elements(d);
            for (int i = 0; i < count; i++)
            {
                Int128 a = GetSigned(n, i, size);
                Int128 acc = Get(dst, i, size);
                ulong result = op switch
                {
                    Multiply => (ulong)(a * element),
                    MultiplyAccumulate => (ulong)(acc + (a * element)),
                    MultiplySubtract => (ulong)(acc - (a * element)),
                    SatDoublingHigh => SignedSaturate((2 * a * element) >> bits, bits, ref saturated),
                    _ => SignedSaturate(((2 * a * element) + (Int128.One << (bits - 1))) >> bits, bits, ref saturated),
                };
                Set((byte*)r, i, size, result & Mask(bits));
            }
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }
}
