using Armvisor.Engine.Interpreter.Execution;
using static Armvisor.Engine.Interpreter.Simd.VectorRegisters;

namespace Armvisor.Engine.Interpreter.Simd;

/// <summary>
/// AdvSIMD integer "three same" operations computed element by element on exact (Int128) values, following the
/// pseudocode of DDI0487 C7.2: halving adds (SHADD, URHADD...), saturating add/subtract (SQADD, UQSUB...), shifts by
/// register (SSHL, URSHL, SQRSHL...), SQDMULH/SQRDMULH, PMUL, and the pairwise ADDP/SMAXP/UMINP... Vector and scalar forms.
/// </summary>
internal static unsafe class SimdIntegerElementwise
{
    /// <summary>An element operation on exact operands: (a, b, esize, unsigned, ref saturated) -> result bits.</summary>
    private static bool Binary(InterpreterVcpu v, DecodedInstruction* d, delegate*<Int128, Int128, int, bool, ref bool, ulong> op)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, bits = 8 << size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        for (int i = 0; i < count; i++)
        {
            Int128 a = unsigned ? Get(n, i, size) : GetSigned(n, i, size);
            Int128 b = unsigned ? Get(m, i, size) : GetSigned(m, i, size);
            Set((byte*)r, i, size, op(a, b, bits, unsigned, ref saturated));
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    private static ulong Truncate(Int128 value, int bits) => (ulong)value & Mask(bits);

    private static ulong Saturate(Int128 value, int bits, bool unsigned, ref bool saturated) =>
        unsigned ? UnsignedSaturate(value, bits, ref saturated) : SignedSaturate(value, bits, ref saturated);

    private static ulong HalvingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a + b) >> 1, bits);

    private static ulong RoundingHalvingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a + b + 1) >> 1, bits);

    private static ulong HalvingSubOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a - b) >> 1, bits);

    private static ulong SaturatingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Saturate(a + b, bits, unsigned, ref saturated);

    private static ulong SaturatingSubOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Saturate(a - b, bits, unsigned, ref saturated);

    /// <summary>
    /// The shift-by-register family (DDI0487 C7.2 SSHL/SRSHL/SQSHL/SQRSHL pseudocode): shift = SInt(b&lt;7:0&gt;), negative
    /// shifts right; rounding adds 1 &lt;&lt; (-shift - 1) first. Shift counts are clamped where the result no longer changes.
    /// </summary>
    private static ulong ShiftByRegister(Int128 a, Int128 b, int bits, bool unsigned, bool rounding, bool saturating, ref bool saturated)
    {
        int shift = (sbyte)(byte)(ulong)(b & 0xFF);
        Int128 result;
        if (shift >= 0)
        {
            if (shift >= bits)
            {
                if (!saturating || a == 0)
                {
                    return 0;
                }

                saturated = true;
                return unsigned ? (a > 0 ? Mask(bits) : 0) : Truncate(a > 0 ? (Int128.One << (bits - 1)) - 1 : -(Int128.One << (bits - 1)), bits);
            }

            result = a << shift;
        }
        else
        {
            int right = Math.Min(-shift, 65);
            Int128 roundConst = rounding ? Int128.One << (right - 1) : 0;
            result = (a + roundConst) >> right;
        }

        return saturating ? Saturate(result, bits, unsigned, ref saturated) : Truncate(result, bits);
    }

    private static ulong ShlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, false, false, ref saturated);

    private static ulong RshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, true, false, ref saturated);

    private static ulong QshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, false, true, ref saturated);

    private static ulong QrshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, true, true, ref saturated);

    /// <summary>SQDMULH: SignedSatQ((2 * a * b) &gt;&gt; esize).</summary>
    private static ulong DoublingMulHighOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate((2 * a * b) >> bits, bits, ref saturated);

    /// <summary>SQRDMULH: SignedSatQ((2 * a * b + (1 &lt;&lt; (esize - 1))) &gt;&gt; esize).</summary>
    private static ulong RoundingDoublingMulHighOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate(((2 * a * b) + (Int128.One << (bits - 1))) >> bits, bits, ref saturated);

    /// <summary>PMUL: polynomial (carry-less) multiply over {0,1}, low 8 bits.</summary>
    private static ulong PolynomialMulOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated)
    {
        ulong x = (ulong)a, y = (ulong)b, r = 0;
        for (int i = 0; i < bits; i++)
        {
            if (((y >> i) & 1) != 0)
            {
                r ^= x << i;
            }
        }

        return Truncate(r, bits);
    }

    private static ulong AddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate(a + b, bits);

    private static ulong MaxOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate(a > b ? a : b, bits);

    private static ulong MinOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate(a < b ? a : b, bits);

    public static bool HalvingAdd(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RoundingHalvingAddOp : &HalvingAddOp);

    public static bool HalvingSub(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &HalvingSubOp);

    public static bool SaturatingAdd(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &SaturatingAddOp);

    public static bool SaturatingSub(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &SaturatingSubOp);

    public static bool ShiftLeftRegister(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RshlOp : &ShlOp);

    public static bool SaturatingShiftLeftRegister(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &QrshlOp : &QshlOp);

    public static bool DoublingMultiplyHigh(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RoundingDoublingMulHighOp : &DoublingMulHighOp);

    public static bool PolynomialMultiply(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &PolynomialMulOp);

    /// <summary>
    /// Pairwise operations (ADDP, SMAXP, UMINP...): the concatenation Vm:Vn read as 2 * elements, each result element
    /// combining two adjacent ones (DDI0487 C7.2 ADDP (vector)).
    /// </summary>
    private static bool Pairwise(InterpreterVcpu v, DecodedInstruction* d, delegate*<Int128, Int128, int, bool, ref bool, ulong> op)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, bits = 8 << size, half = count / 2;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        for (int i = 0; i < count; i++)
        {
            byte* src = i < half ? n : m;
            int j = 2 * (i < half ? i : i - half);
            Int128 a = unsigned ? Get(src, j, size) : GetSigned(src, j, size);
            Int128 b = unsigned ? Get(src, j + 1, size) : GetSigned(src, j + 1, size);
            Set((byte*)r, i, size, op(a, b, bits, unsigned, ref saturated));
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    public static bool AddPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, &AddOp);

    public static bool MaxPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, &MaxOp);

    public static bool MinPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, &MinOp);

    /// <summary>ADDP (scalar): Dd = Vn.D[0] + Vn.D[1].</summary>
    public static bool AddPairScalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        WriteScalar(v, d->Rd, v.V[2 * d->Rn] + v.V[(2 * d->Rn) + 1]);
        return true;
    }
}
