using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>FPAdd, FPSub, FPMul, FPDiv, FPSqrt, FPMulAdd, FPMax/FPMin(Num), FPMulX (DDI0487 J1 shared pseudocode).</summary>
internal static partial class ArmFloat
{
    private static FpRounding Mode(uint fpcr) => RoundingMode(fpcr);

    /// <summary>FPAdd, or FPSub with <paramref name="subtract"/> (the NaN operand keeps its own sign).</summary>
    public static ulong Add(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool subtract = false) =>
        TryHostAdd(op1, op2, f, fpcr, subtract, ref fpsr, out ulong fast) ? fast : AddSoft(op1, op2, f, fpcr, ref fpsr, subtract);

    /// <summary>FPAdd/FPSub without the host fast path.</summary>
    internal static ulong AddSoft(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool subtract = false)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (ProcessNaNs(a, b, op1, op2, f, fpcr, ref fpsr, out ulong nan))
        {
            return nan;
        }

        bool signB = b.Sign ^ subtract;
        bool inf1 = a.Type == FpType.Infinity, inf2 = b.Type == FpType.Infinity;
        if (inf1 && inf2 && a.Sign != signB)
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (inf1 || inf2)
        {
            return f.Infinity(inf1 ? a.Sign : signB);
        }

        if (a.Type == FpType.Zero && b.Type == FpType.Zero && a.Sign == signB)
        {
            return f.Zero(a.Sign);
        }

        return SumNarrow(a.Sign, a.Exponent, a.Mantissa, signB, b.Exponent, b.Mantissa, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>
    /// <see cref="Sum"/> for mantissas of at most 53 bits in 64-bit arithmetic: each is normalised to bit 62 (so bit 0
    /// of the larger is 0 and the sum cannot carry out), the smaller is aligned with its lost bits jammed into bit 0.
    /// </summary>
    private static ulong SumNarrow(bool signA, int expA, ulong mantA, bool signB, int expB, ulong mantB, FloatFormat f, uint fpcr, FpRounding rounding,
        ref uint fpsr)
    {
        if (mantA == 0 || mantB == 0)
        {
            return Sum(signA, expA, mantA, signB, expB, mantB, f, fpcr, rounding, ref fpsr);
        }

        int la = System.Numerics.BitOperations.LeadingZeroCount(mantA) - 1, lb = System.Numerics.BitOperations.LeadingZeroCount(mantB) - 1;
        mantA <<= la;
        expA -= la;
        mantB <<= lb;
        expB -= lb;
        if (expA < expB || (expA == expB && mantA < mantB))
        {
            (signA, expA, mantA, signB, expB, mantB) = (signB, expB, mantB, signA, expA, mantA);
        }

        int distance = expA - expB;
        if (distance >= 64)
        {
            mantB = 1;
        }
        else if (distance > 0)
        {
            bool lost = (mantB & ((1UL << distance) - 1)) != 0;
            mantB >>= distance;
            if (lost)
            {
                mantB |= 1;
            }
        }

        ulong r = signA == signB ? mantA + mantB : mantA - mantB;
        return r == 0 ? f.Zero(rounding == FpRounding.MinusInfinity) : Round(signA, expA, r, false, f, fpcr, rounding, ref fpsr);
    }

    /// <summary>
    /// Rounds the exact sum of two signed values (mantissas up to 126 bits). The smaller operand is aligned with its
    /// shifted-out bits jammed into bit 0, which keeps the rounding exact (the larger has 20+ zero low bits).
    /// An exact zero takes the sign the rounding mode dictates (+0, or -0 when rounding to minus infinity).
    /// </summary>
    private static ulong Sum(bool signA, int expA, UInt128 mantA, bool signB, int expB, UInt128 mantB, FloatFormat f, uint fpcr, FpRounding rounding,
        ref uint fpsr)
    {
        if (mantA == 0 && mantB == 0)
        {
            return f.Zero(rounding == FpRounding.MinusInfinity);
        }

        if (mantA == 0)
        {
            return RoundWide(signB, expB, mantB, false, f, fpcr, rounding, ref fpsr);
        }

        if (mantB == 0)
        {
            return RoundWide(signA, expA, mantA, false, f, fpcr, rounding, ref fpsr);
        }

        int la = (int)UInt128.LeadingZeroCount(mantA) - 1, lb = (int)UInt128.LeadingZeroCount(mantB) - 1;
        mantA <<= la;
        expA -= la;
        mantB <<= lb;
        expB -= lb;
        if (expA < expB || (expA == expB && mantA < mantB))
        {
            (signA, expA, mantA, signB, expB, mantB) = (signB, expB, mantB, signA, expA, mantA);
        }

        int distance = expA - expB;
        if (distance >= 128)
        {
            mantB = 1;
        }
        else if (distance > 0)
        {
            bool lost = (mantB & ((UInt128.One << distance) - 1)) != 0;
            mantB >>= distance;
            if (lost)
            {
                mantB |= 1;
            }
        }

        UInt128 r = signA == signB ? mantA + mantB : mantA - mantB;
        if (r == 0)
        {
            return f.Zero(rounding == FpRounding.MinusInfinity);
        }

        return RoundWide(signA, expA, r, false, f, fpcr, rounding, ref fpsr);
    }

    /// <summary>FPMul.</summary>
    public static ulong Mul(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) => Multiply(op1, op2, f, fpcr, ref fpsr, extended: false);

    /// <summary>FPMulX: as FPMul, but 0 * infinity is 2.0 with the sign of the product.</summary>
    public static ulong MulX(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) => Multiply(op1, op2, f, fpcr, ref fpsr, extended: true);

    private static ulong Multiply(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool extended) =>
        TryHostMul(op1, op2, f, fpcr, ref fpsr, out ulong fast) ? fast : MultiplySoft(op1, op2, f, fpcr, ref fpsr, extended);

    /// <summary>FPMul/FPMulX without the host fast path.</summary>
    internal static ulong MultiplySoft(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool extended)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (ProcessNaNs(a, b, op1, op2, f, fpcr, ref fpsr, out ulong nan))
        {
            return nan;
        }

        bool sign = a.Sign ^ b.Sign;
        bool inf1 = a.Type == FpType.Infinity, inf2 = b.Type == FpType.Infinity;
        bool zero1 = a.Type == FpType.Zero, zero2 = b.Type == FpType.Zero;
        if ((inf1 && zero2) || (zero1 && inf2))
        {
            if (extended)
            {
                return Two(sign, f);
            }

            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (inf1 || inf2)
        {
            return f.Infinity(sign);
        }

        if (zero1 || zero2)
        {
            return f.Zero(sign);
        }

        return RoundWide(sign, a.Exponent + b.Exponent, (UInt128)a.Mantissa * b.Mantissa, false, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>FPTwo(sign).</summary>
    private static ulong Two(bool sign, FloatFormat f) => (sign ? f.SignBit : 0) | ((ulong)(f.Bias + 1) << f.FractionBits);

    /// <summary>FPDiv.</summary>
    public static ulong Div(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) =>
        TryHostDiv(op1, op2, f, fpcr, ref fpsr, out ulong fast) ? fast : DivSoft(op1, op2, f, fpcr, ref fpsr);

    /// <summary>FPDiv without the host fast path.</summary>
    internal static ulong DivSoft(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (ProcessNaNs(a, b, op1, op2, f, fpcr, ref fpsr, out ulong nan))
        {
            return nan;
        }

        bool sign = a.Sign ^ b.Sign;
        bool inf1 = a.Type == FpType.Infinity, inf2 = b.Type == FpType.Infinity;
        bool zero1 = a.Type == FpType.Zero, zero2 = b.Type == FpType.Zero;
        if ((inf1 && inf2) || (zero1 && zero2))
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (inf1 || zero2)
        {
            if (!inf1)
            {
                fpsr |= DivideByZero;
            }

            return f.Infinity(sign);
        }

        if (zero1 || inf2)
        {
            return f.Zero(sign);
        }

        int shift = 127 - (63 - System.Numerics.BitOperations.LeadingZeroCount(a.Mantissa));
        UInt128 numerator = (UInt128)a.Mantissa << shift;
        UInt128 quotient = UInt128.DivRem(numerator, b.Mantissa).Quotient;
        bool sticky = quotient * b.Mantissa != numerator;
        return RoundWide(sign, a.Exponent - b.Exponent - shift, quotient, sticky, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>FPSqrt.</summary>
    public static ulong Sqrt(ulong op, FloatFormat f, uint fpcr, ref uint fpsr) =>
        TryHostSqrt(op, f, fpcr, ref fpsr, out ulong fast) ? fast : SqrtSoft(op, f, fpcr, ref fpsr);

    /// <summary>FPSqrt without the host fast path.</summary>
    internal static ulong SqrtSoft(ulong op, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue a = Unpack(op, f, fpcr, ref fpsr);
        if (a.IsNaN)
        {
            return ProcessNaN(a.Type, op, f, fpcr, ref fpsr);
        }

        if (a.Type == FpType.Zero)
        {
            return f.Zero(a.Sign);
        }

        if (a.Type == FpType.Infinity && !a.Sign)
        {
            return f.Infinity(false);
        }

        if (a.Sign)
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        ulong mantissa = a.Mantissa;
        int exponent = a.Exponent;
        UInt128 m = mantissa;
        if ((exponent & 1) != 0)
        {
            m <<= 1;
            exponent--;
        }

        int bits = 128 - (int)UInt128.LeadingZeroCount(m);
        int k = (126 - bits) / 2;
        m <<= 2 * k;
        (UInt128 root, UInt128 remainder) = IntegerSquareRoot(m);
        return RoundWide(false, (exponent / 2) - k, root, remainder != 0, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>Bit-by-bit integer square root: (floor(sqrt(x)), x - root^2).</summary>
    private static (UInt128 Root, UInt128 Remainder) IntegerSquareRoot(UInt128 x)
    {
        UInt128 result = 0, bit = UInt128.One << 126;
        while (bit > x)
        {
            bit >>= 2;
        }

        while (bit != 0)
        {
            if (x >= result + bit)
            {
                x -= result + bit;
                result = (result >> 1) + bit;
            }
            else
            {
                result >>= 1;
            }

            bit >>= 2;
        }

        return (result, x);
    }

    /// <summary>
    /// FPMulAdd(addend, op1, op2): addend + op1 * op2 with one rounding. NaN order is addend, op1, op2; a quiet-NaN
    /// addend with 0 * infinity still gives the default NaN and IOC. Negated forms (FMSUB, FNMADD...) negate operands
    /// with FPNeg before the call, so NaN signs flip as the pseudocode says.
    /// </summary>
    public static ulong MulAdd(ulong addend, ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr) =>
        TryHostMulAdd(addend, op1, op2, f, fpcr, fpsr, out ulong fast) ? fast : MulAddSoft(addend, op1, op2, f, fpcr, ref fpsr);

    /// <summary>FPMulAdd without the host fast path.</summary>
    internal static ulong MulAddSoft(ulong addend, ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        FpValue a = Unpack(addend, f, fpcr, ref fpsr), x = Unpack(op1, f, fpcr, ref fpsr), y = Unpack(op2, f, fpcr, ref fpsr);
        bool inf1 = x.Type == FpType.Infinity, inf2 = y.Type == FpType.Infinity;
        bool zero1 = x.Type == FpType.Zero, zero2 = y.Type == FpType.Zero;
        bool done = ProcessNaNs3(a, x, y, addend, op1, op2, f, fpcr, ref fpsr, out ulong result);
        if (a.Type == FpType.QuietNaN && ((inf1 && zero2) || (zero1 && inf2)))
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (done)
        {
            return result;
        }

        bool infA = a.Type == FpType.Infinity, zeroA = a.Type == FpType.Zero;
        bool signP = x.Sign ^ y.Sign;
        bool infP = inf1 || inf2, zeroP = zero1 || zero2;
        if ((inf1 && zero2) || (zero1 && inf2) || (infA && infP && a.Sign != signP))
        {
            fpsr |= InvalidOperation;
            return f.DefaultNaN;
        }

        if (infA || infP)
        {
            return f.Infinity(infA ? a.Sign : signP);
        }

        if (zeroA && zeroP && a.Sign == signP)
        {
            return f.Zero(a.Sign);
        }

        UInt128 product = zeroP ? 0 : (UInt128)x.Mantissa * y.Mantissa;
        return Sum(a.Sign, a.Exponent, a.Mantissa, signP, x.Exponent + y.Exponent, product, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>FPNeg: flips the sign bit (NaNs included).</summary>
    public static ulong Neg(ulong op, FloatFormat f) => op ^ f.SignBit;

    /// <summary>FPAbs: clears the sign bit.</summary>
    public static ulong Abs(ulong op, FloatFormat f) => op & ~f.SignBit & f.Mask;

    /// <summary>FPMax (<paramref name="max"/>) or FPMin: zeros of both signs give +0 (max) or -0 (min).</summary>
    public static ulong MaxMin(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool max)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (ProcessNaNs(a, b, op1, op2, f, fpcr, ref fpsr, out ulong nan))
        {
            return nan;
        }

        int order = CompareValues(a, b);
        FpValue pick = (max ? order > 0 : order < 0) ? a : b;
        if (pick.Type == FpType.Infinity)
        {
            return f.Infinity(pick.Sign);
        }

        if (pick.Type == FpType.Zero)
        {
            bool sign = max ? a.Sign && b.Sign : a.Sign || b.Sign;
            return a.Type == FpType.Zero && b.Type == FpType.Zero ? f.Zero(sign) : f.Zero(pick.Sign);
        }

        return Round(pick.Sign, pick.Exponent, pick.Mantissa, false, f, fpcr, Mode(fpcr), ref fpsr);
    }

    /// <summary>FPMaxNum/FPMinNum: a single quiet NaN operand is replaced by -infinity (max) or +infinity (min).</summary>
    public static ulong MaxMinNumber(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, bool max)
    {
        bool quiet1 = IsQuietNaN(op1, f), quiet2 = IsQuietNaN(op2, f);
        if (quiet1 && !quiet2)
        {
            op1 = f.Infinity(max);
        }
        else if (!quiet1 && quiet2)
        {
            op2 = f.Infinity(max);
        }

        return MaxMin(op1, op2, f, fpcr, ref fpsr, max);
    }

    private static bool IsQuietNaN(ulong op, FloatFormat f) => (op & f.ExponentMask) == f.ExponentMask && (op & f.QuietBit) != 0;
}
