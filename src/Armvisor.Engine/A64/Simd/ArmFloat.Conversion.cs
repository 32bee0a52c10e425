using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>FPToFixed, FixedToFP, FPConvert, FPConvertNaN, FPRoundInt and FPCompare (DDI0487 J1 shared pseudocode).</summary>
internal static partial class ArmFloat
{
    /// <summary>
    /// FPToFixed: op * 2^fbits rounded to an integer of <paramref name="bits"/> (32/64), saturated per SatQ: a NaN gives 0
    /// and IOC, an out-of-range value the nearest bound and IOC (never IXC), otherwise IXC when inexact.
    /// </summary>
    public static ulong ToFixed(ulong op, FloatFormat f, int fbits, bool unsigned, int bits, FpRounding rounding, uint fpcr, ref uint fpsr) =>
        TryHostToFixed(op, f, fbits, unsigned, bits, rounding, fpcr, ref fpsr, out ulong fast)
            ? fast
            : ToFixedSoft(op, f, fbits, unsigned, bits, rounding, fpcr, ref fpsr);

    /// <summary>FPToFixed without the host fast path.</summary>
    internal static ulong ToFixedSoft(ulong op, FloatFormat f, int fbits, bool unsigned, int bits, FpRounding rounding, uint fpcr, ref uint fpsr)
    {
        FpValue v = Unpack(op, f, fpcr, ref fpsr);
        if (v.IsNaN)
        {
            fpsr |= InvalidOperation;
            return 0;
        }

        if (v.Type == FpType.Zero)
        {
            return 0;
        }

        UInt128 magnitude;
        bool inexact = false;
        bool overflow = v.Type == FpType.Infinity;
        if (!overflow)
        {
            int e = v.Exponent + fbits;
            if (e >= 0)
            {
                overflow = e > 64;
                magnitude = overflow ? 0 : (UInt128)v.Mantissa << e;
            }
            else
            {
                (magnitude, inexact) = RoundMagnitude(v.Mantissa, -e, v.Sign, rounding);
            }

            if (!overflow)
            {
                return Saturate(magnitude, v.Sign, unsigned, bits, inexact, ref fpsr);
            }
        }

        fpsr |= InvalidOperation;
        return SaturationBound(v.Sign, unsigned, bits);
    }

    /// <summary>
    /// Rounds mantissa / 2^shift to an integer magnitude under <paramref name="rounding"/> (the sign decides the
    /// directed modes, as RoundDown on the signed value does in the pseudocode); returns (magnitude, inexact).
    /// </summary>
    private static (UInt128 Magnitude, bool Inexact) RoundMagnitude(ulong mantissa, int shift, bool sign, FpRounding rounding)
    {
        ulong integer, remainder, half;
        if (shift >= 64)
        {
            integer = 0;
            remainder = mantissa;
            half = shift == 64 ? 1UL << 63 : ulong.MaxValue; // for shift > 64 the remainder is always below half
            if (shift > 64)
            {
                bool up = mantissa != 0 && ((rounding == FpRounding.PlusInfinity && !sign) || (rounding == FpRounding.MinusInfinity && sign));
                return ((UInt128)(up ? 1u : 0u), mantissa != 0);
            }
        }
        else
        {
            integer = mantissa >> shift;
            remainder = mantissa & ((1UL << shift) - 1);
            half = shift == 0 ? 0 : 1UL << (shift - 1);
        }

        bool inexact = remainder != 0;
        bool roundUp = rounding switch
        {
            FpRounding.TiesToEven => inexact && (remainder > half || (remainder == half && (integer & 1) != 0)),
            FpRounding.TiesAway => inexact && remainder >= half,
            FpRounding.PlusInfinity => inexact && !sign,
            FpRounding.MinusInfinity => inexact && sign,
            _ => false,
        };
        return ((UInt128)integer + (roundUp ? 1u : 0u), inexact);
    }

    private static ulong SaturationBound(bool negative, bool unsigned, int bits)
    {
        if (unsigned)
        {
            return negative ? 0 : VectorRegisters.Mask(bits);
        }

        ulong min = 1UL << (bits - 1);
        return negative ? VectorRegisters.Mask(bits) & ~(min - 1) : min - 1;
    }

    private static ulong Saturate(UInt128 magnitude, bool negative, bool unsigned, int bits, bool inexact, ref uint fpsr)
    {
        UInt128 limit = unsigned ? (negative ? 0 : (UInt128)VectorRegisters.Mask(bits)) : (UInt128.One << (bits - 1)) - (negative ? 0u : 1u);
        if (magnitude > limit)
        {
            fpsr |= InvalidOperation;
            return SaturationBound(negative, unsigned, bits);
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        ulong value = (ulong)magnitude;
        return (negative ? 0 - value : value) & VectorRegisters.Mask(bits);
    }

    /// <summary>FixedToFP: an integer of <paramref name="bits"/> bits (signed or not) divided by 2^fbits, rounded; 0 gives +0.</summary>
    public static ulong FromFixed(ulong value, int bits, bool unsigned, int fbits, FloatFormat f, FpRounding rounding, uint fpcr, ref uint fpsr) =>
        TryHostFromFixed(value, bits, unsigned, fbits, f, rounding, fpcr, ref fpsr, out ulong fast)
            ? fast
            : FromFixedSoft(value, bits, unsigned, fbits, f, rounding, fpcr, ref fpsr);

    /// <summary>FixedToFP without the host fast path.</summary>
    internal static ulong FromFixedSoft(ulong value, int bits, bool unsigned, int fbits, FloatFormat f, FpRounding rounding, uint fpcr, ref uint fpsr)
    {
        value &= VectorRegisters.Mask(bits);
        bool negative = !unsigned && (value >> (bits - 1)) != 0;
        ulong magnitude = negative ? (0 - value) & VectorRegisters.Mask(bits) : value;
        if (magnitude == 0)
        {
            return 0;
        }

        return Round(negative, -fbits, magnitude, false, f, fpcr, rounding, ref fpsr);
    }

    /// <summary>
    /// FPConvert between precisions (FCVT, FCVTL/FCVTN/FCVTXN): NaNs convert with their payload's top bits (FPConvertNaN),
    /// or become the default NaN under DN; with FPCR.AHP a half-precision destination has no NaN or infinity.
    /// </summary>
    public static ulong Convert(ulong op, FloatFormat from, FloatFormat to, FpRounding rounding, uint fpcr, ref uint fpsr) =>
        TryHostConvert(op, from, to, rounding, fpcr, ref fpsr, out ulong fast) ? fast : ConvertSoft(op, from, to, rounding, fpcr, ref fpsr);

    /// <summary>FPConvert without the host fast path.</summary>
    internal static ulong ConvertSoft(ulong op, FloatFormat from, FloatFormat to, FpRounding rounding, uint fpcr, ref uint fpsr)
    {
        bool ahp = AlternativeHalf(fpcr);
        FpValue v = Unpack(op, from, fpcr, ref fpsr, alternativeHalf: ahp && from.Width == 16);
        bool alternative = ahp && to.Width == 16;
        if (v.IsNaN)
        {
            if (v.Type == FpType.SignallingNaN || alternative)
            {
                fpsr |= InvalidOperation;
            }

            return alternative ? to.Zero(v.Sign) : DefaultNaN(fpcr) ? to.DefaultNaN : ConvertNaN(op, from, to);
        }

        if (v.Type == FpType.Infinity)
        {
            if (alternative)
            {
                fpsr |= InvalidOperation;
                return (v.Sign ? to.SignBit : 0) | (to.Mask >> 1);
            }

            return to.Infinity(v.Sign);
        }

        if (v.Type == FpType.Zero)
        {
            return to.Zero(v.Sign);
        }

        return Round(v.Sign, v.Exponent, v.Mantissa, false, to, fpcr, rounding, ref fpsr, alternative);
    }

    /// <summary>FPConvertNaN: sign kept, quiet bit set, the payload's most significant bits kept.</summary>
    public static ulong ConvertNaN(ulong op, FloatFormat from, FloatFormat to)
    {
        bool sign = (op & from.SignBit) != 0;
        ulong payload = (op & (from.QuietBit - 1)) << (52 - from.FractionBits); // left-aligned in a 51-bit field
        return (sign ? to.SignBit : 0) | to.ExponentMask | to.QuietBit | (payload >> (52 - to.FractionBits));
    }

    /// <summary>FPRoundInt (FRINTN/P/M/Z/A/I/X): a zero result keeps the input's sign; only FRINTX (exact) sets IXC.</summary>
    public static ulong RoundToIntegral(ulong op, FloatFormat f, FpRounding rounding, bool exact, uint fpcr, ref uint fpsr)
    {
        FpValue v = Unpack(op, f, fpcr, ref fpsr);
        if (v.IsNaN)
        {
            return ProcessNaN(v.Type, op, f, fpcr, ref fpsr);
        }

        if (v.Type == FpType.Infinity)
        {
            return f.Infinity(v.Sign);
        }

        if (v.Type == FpType.Zero)
        {
            return f.Zero(v.Sign);
        }

        if (v.Exponent >= 0)
        {
            return op & f.Mask;
        }

        (UInt128 magnitude, bool inexact) = RoundMagnitude(v.Mantissa, -v.Exponent, v.Sign, rounding);
        if (inexact && exact)
        {
            fpsr |= Inexact;
        }

        return magnitude == 0 ? f.Zero(v.Sign) : Round(v.Sign, 0, (ulong)magnitude, false, f, fpcr, FpRounding.Zero, ref fpsr);
    }

    /// <summary>FPCompare: NZCV 0110 equal, 1000 less, 0010 greater, 0011 unordered; IOC for a signalling NaN, or any NaN when signalling.</summary>
    public static uint Compare(ulong op1, ulong op2, FloatFormat f, bool signalNaNs, uint fpcr, ref uint fpsr)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (a.IsNaN || b.IsNaN)
        {
            if (a.Type == FpType.SignallingNaN || b.Type == FpType.SignallingNaN || signalNaNs)
            {
                fpsr |= InvalidOperation;
            }

            return 0x3000_0000;
        }

        return CompareValues(a, b) switch
        {
            0 => 0x6000_0000,
            < 0 => 0x8000_0000,
            _ => 0x2000_0000,
        };
    }

    /// <summary>FPCompareEQ (quiet: IOC only for signalling NaNs), FPCompareGE/GT (IOC for any NaN).</summary>
    public static bool CompareCondition(ulong op1, ulong op2, FloatFormat f, int condition, uint fpcr, ref uint fpsr)
    {
        FpValue a = Unpack(op1, f, fpcr, ref fpsr), b = Unpack(op2, f, fpcr, ref fpsr);
        if (a.IsNaN || b.IsNaN)
        {
            if (condition != CompareEqual || a.Type == FpType.SignallingNaN || b.Type == FpType.SignallingNaN)
            {
                fpsr |= InvalidOperation;
            }

            return false;
        }

        int order = CompareValues(a, b);
        return condition switch
        {
            CompareEqual => order == 0,
            CompareGreaterOrEqual => order >= 0,
            _ => order > 0,
        };
    }

    public const int CompareEqual = 0;
    public const int CompareGreaterOrEqual = 1;
    public const int CompareGreater = 2;
}
