using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// A32 multiplies and divides (DDI0487 F5.1: MUL, MLA, MLS, UMAAL, UMULL, UMLAL, SMULL, SMLAL, SMLA/SMUL/SMLAW/SMULW
/// and SMLAL of halfwords, SMLAD/SMLSD/SMUAD/SMUSD, SMLALD/SMLSLD, SMMLA/SMMUL/SMMLS, SDIV/UDIV). Flag-setting forms set
/// N and Z only (C and V are unchanged since ARMv6); the DSP forms set Q on a signed overflow of the accumulation.
/// Fields: Rd = [19:16] (RdHi), Ra = [15:12] (RdLo), Rm = [11:8], Rn = [3:0]; Shift = bits [6:5].
/// </summary>
internal static unsafe class A32Multiply
{
    private const uint QFlag = 1u << 27;

    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 16) & 0xF);
        d->Ra = (byte)((raw >> 12) & 0xF);
        d->Rm = (byte)((raw >> 8) & 0xF);
        d->Rn = (byte)(raw & 0xF);
        d->Flags = (byte)((raw >> 20) & 1);
        d->Shift = (byte)((raw >> 5) & 3);
        // Any of the registers being the PC is UNPREDICTABLE: UNDEFINED here (Ra = 1111 selects SMUAD/SMMUL instead).
        return d->Rd != 15 && d->Rm != 15 && d->Rn != 15;
    }

    /// <summary>The long forms also write RdLo (the Ra slot): RdLo = PC is UNPREDICTABLE too (UNDEFINED here).</summary>
    public static bool PrepareLong(uint raw, DecodedInstruction* d) => Prepare(raw, d) && d->Ra != 15;

    private static void SetNz32(InterpreterVcpu v, DecodedInstruction* d, uint result)
    {
        if (d->Flags != 0)
        {
            v.State.Nzcv = (v.State.Nzcv & 0x3000_0000) | (result & 0x8000_0000) | (result == 0 ? 1u << 30 : 0);
        }
    }

    public static bool Multiply(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint result = v.R(d, d->Rn) * v.R(d, d->Rm);
        v.WriteR(d->Rd, result);
        SetNz32(v, d, result);
        return true;
    }

    public static bool MultiplyAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint result = (v.R(d, d->Rn) * v.R(d, d->Rm)) + v.R(d, d->Ra);
        v.WriteR(d->Rd, result);
        SetNz32(v, d, result);
        return true;
    }

    public static bool MultiplySubtract(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(d->Rd, v.R(d, d->Ra) - (v.R(d, d->Rn) * v.R(d, d->Rm)));
        return true;
    }

    public static bool UnsignedMultiplyAccumulateAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong result = ((ulong)v.R(d, d->Rn) * v.R(d, d->Rm)) + v.R(d, d->Rd) + v.R(d, d->Ra);
        WriteLong(v, d, result);
        return true;
    }

    /// <summary>UMULL/UMLAL/SMULL/SMLAL: bit 22 signed, bit 21 accumulate; S sets N = bit 63, Z = all 64 bits zero.</summary>
    public static bool MultiplyLong(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        bool signed = (d->Raw & (1u << 22)) != 0;
        ulong result = signed ? (ulong)((long)(int)n * (int)m) : (ulong)n * m;
        if ((d->Raw & (1u << 21)) != 0)
        {
            result += ((ulong)v.R(d, d->Rd) << 32) | v.R(d, d->Ra);
        }

        WriteLong(v, d, result);
        if (d->Flags != 0)
        {
            v.State.Nzcv = (v.State.Nzcv & 0x3000_0000) | ((uint)(result >> 32) & 0x8000_0000) | (result == 0 ? 1u << 30 : 0);
        }

        return true;
    }

    private static void WriteLong(InterpreterVcpu v, DecodedInstruction* d, ulong result)
    {
        v.WriteR(d->Ra, (uint)result);
        v.WriteR(d->Rd, (uint)(result >> 32));
    }

    private static int Half(uint value, bool top) => top ? (short)(value >> 16) : (short)value;

    private static uint AddSettingQ(InterpreterVcpu v, long wide)
    {
        if (wide != (int)wide)
        {
            v.State.QGe |= QFlag;
        }

        return (uint)wide;
    }

    /// <summary>SMLA&lt;x&gt;&lt;y&gt;: N (bit 5) picks Rn's half, M (bit 6) Rm's.</summary>
    public static bool HalfwordMultiplyAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        long product = (long)Half(v.R(d, d->Rn), (d->Shift & 1) != 0) * Half(v.R(d, d->Rm), (d->Shift & 2) != 0);
        v.WriteR(d->Rd, AddSettingQ(v, product + (int)v.R(d, d->Ra)));
        return true;
    }

    public static bool HalfwordMultiply(InterpreterVcpu v, DecodedInstruction* d)
    {
        int product = Half(v.R(d, d->Rn), (d->Shift & 1) != 0) * Half(v.R(d, d->Rm), (d->Shift & 2) != 0);
        v.WriteR(d->Rd, (uint)product);
        return true;
    }

    public static bool WordHalfwordMultiplyAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        long product = ((long)(int)v.R(d, d->Rn) * Half(v.R(d, d->Rm), (d->Shift & 2) != 0)) >> 16;
        v.WriteR(d->Rd, AddSettingQ(v, product + (int)v.R(d, d->Ra)));
        return true;
    }

    public static bool WordHalfwordMultiply(InterpreterVcpu v, DecodedInstruction* d)
    {
        long product = ((long)(int)v.R(d, d->Rn) * Half(v.R(d, d->Rm), (d->Shift & 2) != 0)) >> 16;
        v.WriteR(d->Rd, (uint)product);
        return true;
    }

    public static bool HalfwordMultiplyAccumulateLong(InterpreterVcpu v, DecodedInstruction* d)
    {
        long product = (long)Half(v.R(d, d->Rn), (d->Shift & 1) != 0) * Half(v.R(d, d->Rm), (d->Shift & 2) != 0);
        ulong accumulator = ((ulong)v.R(d, d->Rd) << 32) | v.R(d, d->Ra);
        WriteLong(v, d, accumulator + (ulong)product);
        return true;
    }

    /// <summary>The two products of the dual forms; bit 5 (M) swaps Rm's halves, bit 6 subtracts the second.</summary>
    private static long DualProducts(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        if ((d->Shift & 1) != 0)
        {
            m = uint.RotateRight(m, 16);
        }

        long p1 = (long)(short)n * (short)m;
        long p2 = (long)(short)(n >> 16) * (short)(m >> 16);
        return (d->Shift & 2) != 0 ? p1 - p2 : p1 + p2;
    }

    /// <summary>SMLAD/SMLSD, and SMUAD/SMUSD when Ra = 1111.</summary>
    public static bool DualMultiplyAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        long sum = DualProducts(v, d) + (d->Ra == 15 ? 0 : (int)v.R(d, d->Ra));
        v.WriteR(d->Rd, AddSettingQ(v, sum));
        return true;
    }

    public static bool DualMultiplyAccumulateLong(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong accumulator = ((ulong)v.R(d, d->Rd) << 32) | v.R(d, d->Ra);
        WriteLong(v, d, accumulator + (ulong)DualProducts(v, d));
        return true;
    }

    /// <summary>SMMLA (SMMUL when Ra = 1111): the top word of Ra:0 + Rn * Rm, rounded with R (bit 5).</summary>
    public static bool MostSignificantMultiplyAccumulate(InterpreterVcpu v, DecodedInstruction* d)
    {
        long accumulator = d->Ra == 15 ? 0 : (long)((ulong)v.R(d, d->Ra) << 32);
        long result = accumulator + ((long)(int)v.R(d, d->Rn) * (int)v.R(d, d->Rm)) + ((d->Shift & 1) != 0 ? 0x8000_0000L : 0);
        v.WriteR(d->Rd, (uint)((ulong)result >> 32));
        return true;
    }

    public static bool MostSignificantMultiplySubtract(InterpreterVcpu v, DecodedInstruction* d)
    {
        long accumulator = (long)((ulong)v.R(d, d->Ra) << 32);
        long result = accumulator - ((long)(int)v.R(d, d->Rn) * (int)v.R(d, d->Rm)) + ((d->Shift & 1) != 0 ? 0x8000_0000L : 0);
        v.WriteR(d->Rd, (uint)((ulong)result >> 32));
        return true;
    }

    /// <summary>SDIV: rounds towards zero; division by zero gives 0, 0x80000000 / -1 gives 0x80000000 (F5.1.x).</summary>
    public static bool SignedDivide(InterpreterVcpu v, DecodedInstruction* d)
    {
        int n = (int)v.R(d, d->Rn), m = (int)v.R(d, d->Rm);
        int result = m == 0 ? 0 : (n == int.MinValue && m == -1) ? int.MinValue : n / m;
        v.WriteR(d->Rd, (uint)result);
        return true;
    }

    public static bool UnsignedDivide(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        v.WriteR(d->Rd, m == 0 ? 0 : n / m);
        return true;
    }
}
