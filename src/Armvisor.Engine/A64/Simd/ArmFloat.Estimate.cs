using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// FPRecipEstimate, FPRSqrtEstimate, FPRecpX, FPRecipStepFused, FPRSqrtStepFused, UnsignedRecipEstimate and
/// UnsignedRSqrtEstimate (DDI0487 J1 shared pseudocode), with the RecipEstimate/RecipSqrtEstimate integer tables.
/// </summary>
internal static partial class ArmFloat
{
    /// <summary>RecipEstimate: a in [256, 512) is a fixed-point value in [0.5, 1); the result in [256, 512) is 1/a in [1, 2).</summary>
    public static int RecipEstimate(int a)
    {
        a = (a * 2) + 1;
        int b = (1 << 19) / a;
        return (b + 1) / 2;
    }

    /// <summary>RecipSqrtEstimate: a in [128, 512); the result in [256, 512).</summary>
    public static int RecipSqrtEstimate(int a)
    {
        if (a < 256)
        {
            a = (a * 2) + 1;
        }
        else
        {
            a = (a >> 1) << 1;
            a = (a + 1) * 2;
        }

        long b = 512;
        while (a * (b + 1) * (b + 1) < (1L << 28))
        {
            b++;
        }

        return (int)((b + 1) / 2);
    }

    /// <summary>FPRecipEstimate (FRECPE).</summary>
    public static ulong RecipEstimate(ulong op, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue v = Unpack(op, f, fpcr, ref fpsr);
        if (v.IsNaN)
        {
            return ProcessNaN(v.Type, op, f, fpcr, ref fpsr);
        }

        if (v.Type == FpType.Infinity)
        {
            return f.Zero(v.Sign);
        }

        if (v.Type == FpType.Zero)
        {
            fpsr |= DivideByZero;
            return f.Infinity(v.Sign);
        }

        int top = v.Exponent + 63 - System.Numerics.BitOperations.LeadingZeroCount(v.Mantissa); // floor(log2 |value|)
        if (top < -(f.Bias + 1))
        {
            // |value| < 2^-(bias+1): the reciprocal overflows.
            FpRounding rounding = RoundingMode(fpcr);
            bool toInfinity = rounding == FpRounding.TiesToEven || (rounding == FpRounding.PlusInfinity && !v.Sign) || (rounding == FpRounding.MinusInfinity && v.Sign);
            fpsr |= Overflow | Inexact;
            return toInfinity ? f.Infinity(v.Sign) : f.MaxNormal(v.Sign);
        }

        if (FlushToZero(fpcr) && f.Width != 16 && top >= f.Bias - 1)
        {
            fpsr |= Underflow;
            return f.Zero(v.Sign);
        }

        // Scale to [0.5, 1) in steps of 1/512 on a 52-bit fraction, as the pseudocode does for every precision.
        ulong fraction = (op & f.FractionMask) << (52 - f.FractionBits);
        int exp = (int)((op >> f.FractionBits) & (ulong)f.MaxBiasedExponent);
        if (exp == 0)
        {
            if (((fraction >> 51) & 1) == 0)
            {
                exp = -1;
                fraction = (fraction << 2) & ((1UL << 52) - 1);
            }
            else
            {
                fraction = (fraction << 1) & ((1UL << 52) - 1);
            }
        }

        int scaled = (int)(0x100 | ((fraction >> 44) & 0xFF));
        int resultExp = (2 * f.Bias) - 1 - exp;
        int estimate = RecipEstimate(scaled);
        ulong resultFraction = (ulong)(estimate & 0xFF) << 44;
        if (resultExp == 0)
        {
            resultFraction = (1UL << 51) | (resultFraction >> 1);
        }
        else if (resultExp == -1)
        {
            resultFraction = (1UL << 50) | (resultFraction >> 2);
            resultExp = 0;
        }

        return (v.Sign ? f.SignBit : 0) | ((ulong)resultExp << f.FractionBits) | (resultFraction >> (52 - f.FractionBits));
    }

    /// <summary>FPRSqrtEstimate (FRSQRTE).</summary>
    public static ulong RecipSqrtEstimate(ulong op, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue v = Unpack(op, f, fpcr, ref fpsr);
        if (v.IsNaN)
        {
            return ProcessNaN(v.Type, op, f, fpcr, ref fpsr);
        }

        if (v.Type == FpType.Zero)
        {
            fpsr |= DivideByZero;
            return f.Infinity(v.Sign);
        }

        if (v.Sign)
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (v.Type == FpType.Infinity)
        {
            return f.Zero(false);
        }

        ulong fraction = (op & f.FractionMask) << (52 - f.FractionBits);
        int exp = (int)((op >> f.FractionBits) & (ulong)f.MaxBiasedExponent);
        if (exp == 0)
        {
            while (((fraction >> 51) & 1) == 0)
            {
                fraction = (fraction << 1) & ((1UL << 52) - 1);
                exp--;
            }

            fraction = (fraction << 1) & ((1UL << 52) - 1);
        }

        int scaled = (exp & 1) == 0 ? (int)(0x100 | ((fraction >> 44) & 0xFF)) : (int)(0x80 | ((fraction >> 45) & 0x7F));
        int resultExp = FloorDiv((3 * f.Bias) - 1 - exp, 2);
        int estimate = RecipSqrtEstimate(scaled);
        return ((ulong)resultExp << f.FractionBits) | ((ulong)(estimate & 0xFF) << (f.FractionBits - 8));
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);

    /// <summary>FPRecpX (FRECPX): the exponent inverted, fraction zeroed; a zero or denormal exponent gives the maximum.</summary>
    public static ulong RecipExponent(ulong op, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue v = Unpack(op, f, fpcr, ref fpsr);
        if (v.IsNaN)
        {
            return ProcessNaN(v.Type, op, f, fpcr, ref fpsr);
        }

        ulong exp = (op >> f.FractionBits) & (ulong)f.MaxBiasedExponent;
        ulong resultExp = exp == 0 ? (ulong)(f.MaxBiasedExponent - 1) : ~exp & (ulong)f.MaxBiasedExponent;
        return (v.Sign ? f.SignBit : 0) | (resultExp << f.FractionBits);
    }

    /// <summary>FPRecipStepFused (FRECPS): 2.0 - op1 * op2 with one rounding; infinity * 0 gives 2.0.</summary>
    public static ulong RecipStep(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) => StepFused(op1, op2, f, fpcr, ref fpsr, sqrt: false);

    /// <summary>FPRSqrtStepFused (FRSQRTS): (3.0 - op1 * op2) / 2 with one rounding; infinity * 0 gives 1.5.</summary>
    public static ulong RecipSqrtStep(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) => StepFused(op1, op2, f, fpcr, ref fpsr, sqrt: true);

    private static ulong StepFused(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool sqrt)
    {
        op1 = Neg(op1, f);
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (ProcessNaNs(a, b, op1, op2, f, fpcr, ref fpsr, out ulong nan))
        {
            return nan;
        }

        bool inf1 = a.Type == FpType.Infinity, inf2 = b.Type == FpType.Infinity;
        bool zero1 = a.Type == FpType.Zero, zero2 = b.Type == FpType.Zero;
        if ((inf1 && zero2) || (zero1 && inf2))
        {
            // FPTwo('0') or FPOnePointFive('0').
            return sqrt ? ((ulong)f.Bias << f.FractionBits) | (1UL << (f.FractionBits - 1)) : (ulong)(f.Bias + 1) << f.FractionBits;
        }

        if (inf1 || inf2)
        {
            return f.Infinity(a.Sign ^ b.Sign);
        }

        UInt128 product = zero1 || zero2 ? 0 : (UInt128)a.Mantissa * b.Mantissa;
        int productExp = a.Exponent + b.Exponent - (sqrt ? 1 : 0);
        // 2.0 = 1 * 2^1; 3.0 / 2 = 3 * 2^-1.
        return Sum(false, sqrt ? -1 : 1, sqrt ? 3u : 1u, a.Sign ^ b.Sign, productExp, product, f, fpcr, RoundingMode(fpcr), ref fpsr);
    }

    /// <summary>UnsignedRecipEstimate (URECPE) of a 32-bit element.</summary>
    public static uint UnsignedRecipEstimate(uint element) =>
        (element >> 31) == 0 ? uint.MaxValue : (uint)RecipEstimate((int)(element >> 23)) << 23;

    /// <summary>UnsignedRSqrtEstimate (URSQRTE) of a 32-bit element.</summary>
    public static uint UnsignedRecipSqrtEstimate(uint element) =>
        (element >> 30) == 0 ? uint.MaxValue : (uint)RecipSqrtEstimate((int)(element >> 23)) << 23;
}
