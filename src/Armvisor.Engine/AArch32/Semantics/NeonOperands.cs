using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: register numbers are 5-bit D indices checked against Q alignment; a Q operand is two consecutive D registers
// (D<2n>, D<2n+1> = Q<n>, n < 16), so every 16-byte access stays inside the 32 x 8-byte view of the vector file.
/// <summary>
/// Advanced SIMD operands (DDI0487 F5.1 "Advanced SIMD data-processing", register encoding): Dd = D:Vd, Dn = N:Vn,
/// Dm = M:Vm; with Q = 1 each names the Q register D&lt;2n&gt;:D&lt;2n+1&gt; and an odd number is UNDEFINED. Flags bit
/// <see cref="Quad"/> is Q, bit <see cref="Unsigned"/> is U (bit 24 of the A32 form).
/// </summary>
internal static unsafe class NeonOperands
{
    public const byte Quad = 1, Unsigned = 2;

    public static bool IsQuad(DecodedInstruction* d) => (d->Flags & Quad) != 0;

    public static int Bytes(DecodedInstruction* d) => IsQuad(d) ? 16 : 8;

    /// <summary>Dd, Dn, Dm, Q (bit 6), U (bit 24), size (bits [21:20]); false when Q = 1 and a register is odd.</summary>
    public static bool ThreeRegisters(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rn = VfpOperands.RegisterN(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        d->Size = (byte)((raw >> 20) & 3);
        bool q = (raw & (1u << 6)) != 0;
        d->Flags = (byte)((q ? Quad : 0) | ((raw & (1u << 24)) != 0 ? Unsigned : 0));
        return !q || ((d->Rd | d->Rn | d->Rm) & 1) == 0;
    }

    public static byte* Pointer(InterpreterVcpu v, int dRegister) => (byte*)(v.V + dRegister);

    /// <summary>StandardFPSCRValue (G1.19.x): Advanced SIMD FP uses FZ = 1, DN = 1, round to nearest, FPSCR.AHP.</summary>
    public static uint StandardFpcr(InterpreterVcpu v) => (v.State.Fpcr & (1u << 26)) | (1u << 25) | (1u << 24);

    /// <summary>Writes <paramref name="bytes"/> bytes of a result buffer to Dd (and Dd+1).</summary>
    public static void Store(InterpreterVcpu v, int dRegister, byte* result, int bytes)
    {
        ulong* target = v.V + dRegister;
        target[0] = *(ulong*)result;
        if (bytes == 16)
        {
            target[1] = ((ulong*)result)[1];
        }
    }

    public static ulong Get(byte* p, int index, int size) => VectorRegisters.Get(p, index, size);

    public static long GetSigned(byte* p, int index, int size) => VectorRegisters.GetSigned(p, index, size);

    public static void Set(byte* p, int index, int size, ulong value) => VectorRegisters.Set(p, index, size, value);
}
