using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD across lanes (DDI0487 C4.1.95): ADDV, SMAXV/UMAXV, SMINV/UMINV (esize result) and SADDLV/UADDLV (2*esize
/// result). The result is a scalar in Vd, the rest of the register zeroed. Kind in Option: 0 ADDV, 1 MAXV, 2 MINV, 3 ADDLV.
/// </summary>
internal static unsafe class SimdAcrossLanes
{
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        if (!SimdPrepare.AcrossLanes(raw, d))
        {
            return false;
        }

        int opcode = (int)(raw >> 12) & 0x1F;
        d->Option = (byte)(opcode switch { 0b11011 => 0, 0b01010 => 1, 0b11010 => 2, _ => 3 });
        return true;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn);
        int count = Elements(d), size = d->Size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        long acc = unsigned ? (long)Get(n, 0, size) : GetSigned(n, 0, size);
        for (int i = 1; i < count; i++)
        {
            long e = unsigned ? (long)Get(n, i, size) : GetSigned(n, i, size);
            acc = d->Option switch
            {
                1 => Math.Max(acc, e),
                2 => Math.Min(acc, e),
                _ => acc + e,
            };
        }

        int resultBits = d->Option == 3 ? 16 << size : 8 << size;
        WriteScalar(v, d->Rd, (ulong)acc & Mask(resultBits));
        return true;
    }
}
