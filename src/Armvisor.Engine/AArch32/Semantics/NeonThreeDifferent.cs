using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands; Prepare checks the Q operands (long destination, wide first operand, narrowing sources) are even.
/// <summary>
/// Advanced SIMD "three registers of different lengths" (DDI0487 F5.1; opc = bits [11:8]): VADDL/VADDW/VSUBL/VSUBW,
/// VADDHN/VRADDHN/VSUBHN/VRSUBHN, VABAL/VABDL, VMLAL/VMLSL, VQDMLAL/VQDMLSL, VMULL (integer and polynomial P8), VQDMULL.
/// Size = log2 of the narrow element bytes.
/// </summary>
internal static unsafe class NeonThreeDifferent
{
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rn = VfpOperands.RegisterN(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        d->Size = (byte)((raw >> 20) & 3);
        bool u = (raw & (1u << 24)) != 0;
        d->Flags = u ? Unsigned : (byte)0;
        int opc = (int)((raw >> 8) & 0xF);
        d->Option = (byte)opc;
        return opc switch
        {
            0 or 2 or 5 or 7 or 8 or 10 or 12 => (d->Rd & 1) == 0,
            1 or 3 => ((d->Rd | d->Rn) & 1) == 0,
            4 or 6 => ((d->Rn | d->Rm) & 1) == 0,
            9 or 11 or 13 => !u && d->Size != 0 && (d->Rd & 1) == 0,
            14 => !u && d->Size == 0 && (d->Rd & 1) == 0,
            _ => false,
        };
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int size = d->Size, esize = 8 << size, opc = d->Option;
        bool u = (d->Flags & Unsigned) != 0, saturated = false;
        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[16];
        int elements = 8 >> size;
        for (int e = 0; e < elements; e++)
        {
            Int128 b = u ? (Int128)Get(m, e, size) : GetSigned(m, e, size);
            if (opc is 4 or 6)
            {
                // VADDHN/VSUBHN (R: + 2^(esize-1)): the high half of each wide sum/difference.
                Int128 wa = Get(n, e, size + 1), wb = Get(m, e, size + 1);
                Int128 sum = (opc == 4 ? wa + wb : wa - wb) + (u ? Int128.One << (esize - 1) : 0);
                Set(result, e, size, (ulong)(sum >> esize));
                continue;
            }

            Int128 a = opc is 1 or 3
                ? (u ? (Int128)Get(n, e, size + 1) : GetSigned(n, e, size + 1))
                : (u ? (Int128)Get(n, e, size) : GetSigned(n, e, size));
            ulong acc = Get(dd, e, size + 1);
            int wide = 2 * esize;
            ulong r = opc switch
            {
                0 or 1 => (ulong)(a + b),
                2 or 3 => (ulong)(a - b),
                5 => acc + (ulong)Int128.Abs(a - b),
                7 => (ulong)Int128.Abs(a - b),
                8 => acc + (ulong)(a * b),
                10 => acc - (ulong)(a * b),
                12 => (ulong)(a * b),
                13 => VectorRegisters.SignedSaturate(2 * a * b, wide, ref saturated),
                14 => PolynomialMultiplyLong((byte)Get(n, e, 0), (byte)Get(m, e, 0)),
                _ => DoublingAccumulate(acc, a, b, wide, subtract: opc == 11, ref saturated),
            };
            Set(result, e, size + 1, r);
        }

        Store(v, d->Rd, result, opc is 4 or 6 ? 8 : 16);
        if (saturated)
        {
            v.State.Fpsr |= VectorRegisters.FpsrQc;
        }

        return true;
    }

    /// <summary>VQDMLAL/VQDMLSL: SignedSatQ(acc +/- SignedSatQ(2 * a * b)), both saturations noted.</summary>
    public static ulong DoublingAccumulate(ulong acc, Int128 a, Int128 b, int wide, bool subtract, ref bool saturated)
    {
        Int128 product = (long)VectorRegisters.SignedSaturate(2 * a * b, wide, ref saturated) << (64 - wide) >> (64 - wide);
        Int128 accumulator = (long)acc << (64 - wide) >> (64 - wide);
        return VectorRegisters.SignedSaturate(subtract ? accumulator - product : accumulator + product, wide, ref saturated);
    }

    private static ulong PolynomialMultiplyLong(byte a, byte b)
    {
        uint r = 0;
        for (int i = 0; i < 8; i++)
        {
            if ((b & (1 << i)) != 0)
            {
                r ^= (uint)a << i;
            }
        }

        return r;
    }
}
