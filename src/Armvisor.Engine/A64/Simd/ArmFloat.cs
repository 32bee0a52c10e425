using System.Numerics;
using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// Exact Arm floating point (DDI0487 J1 "Shared pseudocode", FP functions), shared by the scalar FP and AdvSIMD FP
/// handlers: operands are raw bit patterns of a <see cref="FloatFormat"/>, every result is computed exactly (integer
/// significands, 128-bit intermediates) and rounded once by <see cref="Round"/>, which is FPRoundBase: FPCR.RMode,
/// FZ flush-to-zero with UFC, tininess before rounding, overflow to infinity or max-normal by rounding direction, and
/// the FPSR cumulative flags. NaNs follow FPProcessNaN(s): signalling first, then operand order, quieted, or the default
/// NaN under FPCR.DN. Host floating point is never used, so results do not depend on the host's x86/Arm FP behaviour.
/// </summary>
internal static partial class ArmFloat
{
    /// <summary>FPUnpack (FPUnpackBase): flushes denormal inputs under FPCR.FZ (not half precision) with IDC.</summary>
    public static FpValue Unpack(ulong bits, FloatFormat f, uint fpcr, ref uint fpsr, bool alternativeHalf = false)
    {
        bool sign = (bits & f.SignBit) != 0;
        ulong fraction = bits & f.FractionMask;
        int exponent = (int)((bits >> f.FractionBits) & (ulong)f.MaxBiasedExponent);
        if (exponent == 0)
        {
            if (fraction == 0)
            {
                return new FpValue(FpType.Zero, sign, 0, 0);
            }

            if (f.Width != 16 && FlushToZero(fpcr))
            {
                fpsr |= InputDenormal;
                return new FpValue(FpType.Zero, sign, 0, 0);
            }

            return new FpValue(FpType.Nonzero, sign, f.MinimumExponent - f.FractionBits, fraction);
        }

        if (exponent == f.MaxBiasedExponent && !alternativeHalf)
        {
            if (fraction == 0)
            {
                return new FpValue(FpType.Infinity, sign, 0, 0);
            }

            return new FpValue((fraction & f.QuietBit) != 0 ? FpType.QuietNaN : FpType.SignallingNaN, sign, 0, 0);
        }

        return new FpValue(FpType.Nonzero, sign, exponent - f.Bias - f.FractionBits, fraction | (1UL << f.FractionBits));
    }

    /// <summary>
    /// FPRoundBase of the value (mantissa + sticky) * 2^exponent, mantissa != 0: "sticky" means nonzero bits below the
    /// mantissa's least significant bit (the caller keeps at least F + 2 significant bits when it sets it).
    /// </summary>
    public static ulong Round(bool sign, int exponent, ulong mantissa, bool sticky, FloatFormat f, uint fpcr, FpRounding rounding, ref uint fpsr,
        bool alternativeHalf = false)
    {
        int lz = BitOperations.LeadingZeroCount(mantissa);
        mantissa <<= lz;
        exponent -= lz;
        int unbiased = exponent + 63; // the value is (mantissa / 2^63) * 2^unbiased, mantissa / 2^63 in [1, 2)
        if (f.Width != 16 && FlushToZero(fpcr) && unbiased < f.MinimumExponent)
        {
            fpsr |= Underflow; // flush-to-zero of a tiny result: UFC, never IXC
            return f.Zero(sign);
        }

        int biased = unbiased - f.MinimumExponent + 1;
        int shift = 63 - f.FractionBits;
        if (biased <= 0)
        {
            shift += 1 - biased;
            biased = 0;
        }

        ulong intMant;
        bool inexact, aboveHalf, exactlyHalf;
        if (shift >= 64)
        {
            intMant = 0;
            inexact = true;
            aboveHalf = shift == 64 && (mantissa > (1UL << 63) || sticky);
            exactlyHalf = shift == 64 && mantissa == 1UL << 63 && !sticky;
        }
        else
        {
            intMant = mantissa >> shift;
            ulong remainder = mantissa & ((1UL << shift) - 1);
            ulong half = 1UL << (shift - 1);
            inexact = remainder != 0 || sticky;
            aboveHalf = remainder > half || (remainder == half && sticky);
            exactlyHalf = remainder == half && !sticky;
        }

        // Underflow: tiny before rounding and inexact.
        if (biased == 0 && inexact)
        {
            fpsr |= Underflow;
        }

        bool roundUp, overflowToInfinity;
        switch (rounding)
        {
            case FpRounding.TiesToEven:
                roundUp = aboveHalf || (exactlyHalf && (intMant & 1) != 0);
                overflowToInfinity = true;
                break;
            case FpRounding.TiesAway:
                roundUp = aboveHalf || exactlyHalf;
                overflowToInfinity = true;
                break;
            case FpRounding.PlusInfinity:
                roundUp = inexact && !sign;
                overflowToInfinity = !sign;
                break;
            case FpRounding.MinusInfinity:
                roundUp = inexact && sign;
                overflowToInfinity = sign;
                break;
            default:
                roundUp = false;
                overflowToInfinity = false;
                break;
        }

        if (roundUp)
        {
            intMant++;
            if (intMant == 1UL << f.FractionBits)
            {
                biased = 1; // rounded up from denormal to normal
            }

            if (intMant == 1UL << (f.FractionBits + 1))
            {
                biased++;
                intMant >>= 1;
            }
        }

        if (inexact && rounding == FpRounding.Odd)
        {
            intMant |= 1;
        }

        if (alternativeHalf)
        {
            if (biased >= 1 << f.ExponentBits)
            {
                fpsr |= InvalidOperation;
                return (sign ? f.SignBit : 0) | (f.Mask >> 1);
            }
        }
        else if (biased >= f.MaxBiasedExponent)
        {
            fpsr |= Overflow | Inexact;
            return overflowToInfinity ? f.Infinity(sign) : f.MaxNormal(sign);
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return (sign ? f.SignBit : 0) | ((ulong)biased << f.FractionBits) | (intMant & f.FractionMask);
    }

    /// <summary><see cref="Round"/> of a 128-bit mantissa: bits below the top 64 become sticky.</summary>
    public static ulong RoundWide(bool sign, int exponent, UInt128 mantissa, bool sticky, FloatFormat f, uint fpcr, FpRounding rounding, ref uint fpsr)
    {
        ulong high = (ulong)(mantissa >> 64);
        if (high != 0)
        {
            int shift = 64 - BitOperations.LeadingZeroCount(high);
            sticky |= (mantissa & ((UInt128.One << shift) - 1)) != 0;
            mantissa >>= shift;
            exponent += shift;
        }

        return Round(sign, exponent, (ulong)mantissa, sticky, f, fpcr, rounding, ref fpsr);
    }

    /// <summary>FPProcessNaN: a signalling NaN is quieted with IOC; FPCR.DN replaces any NaN by the default NaN.</summary>
    public static ulong ProcessNaN(FpType type, ulong op, FloatFormat f, uint fpcr, ref uint fpsr)
    {
        ulong result = op & f.Mask;
        if (type == FpType.SignallingNaN)
        {
            result |= f.QuietBit;
            fpsr |= InvalidOperation;
        }

        return DefaultNaN(fpcr) ? f.DefaultNaN : result;
    }

    /// <summary>FPProcessNaNs: a signalling NaN in op1, then op2; else a quiet NaN in op1, then op2.</summary>
    public static bool ProcessNaNs(in FpValue a, in FpValue b, ulong opA, ulong opB, FloatFormat f, uint fpcr, ref uint fpsr, out ulong result)
    {
        if (a.Type == FpType.SignallingNaN)
        {
            result = ProcessNaN(a.Type, opA, f, fpcr, ref fpsr);
        }
        else if (b.Type == FpType.SignallingNaN)
        {
            result = ProcessNaN(b.Type, opB, f, fpcr, ref fpsr);
        }
        else if (a.Type == FpType.QuietNaN)
        {
            result = ProcessNaN(a.Type, opA, f, fpcr, ref fpsr);
        }
        else if (b.Type == FpType.QuietNaN)
        {
            result = ProcessNaN(b.Type, opB, f, fpcr, ref fpsr);
        }
        else
        {
            result = 0;
            return false;
        }

        return true;
    }

    /// <summary>FPProcessNaNs3: signalling NaNs in operand order, then quiet NaNs in operand order.</summary>
    public static bool ProcessNaNs3(in FpValue a, in FpValue b, in FpValue c, ulong opA, ulong opB, ulong opC, FloatFormat f, uint fpcr, ref uint fpsr,
        out ulong result)
    {
        if (a.Type == FpType.SignallingNaN || (a.Type == FpType.QuietNaN && b.Type != FpType.SignallingNaN && c.Type != FpType.SignallingNaN))
        {
            result = ProcessNaN(a.Type, opA, f, fpcr, ref fpsr);
            return true;
        }

        if (b.Type == FpType.SignallingNaN || (b.Type == FpType.QuietNaN && c.Type != FpType.SignallingNaN))
        {
            result = ProcessNaN(b.Type, opB, f, fpcr, ref fpsr);
            return true;
        }

        if (c.IsNaN)
        {
            result = ProcessNaN(c.Type, opC, f, fpcr, ref fpsr);
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>The signed magnitude comparison of two non-NaN unpacked values: -1, 0 or 1 (FPCompare's value1 ? value2).</summary>
    public static int CompareValues(in FpValue a, in FpValue b)
    {
        int ma = MagnitudeOrder(a), mb = MagnitudeOrder(b);
        bool za = a.Type == FpType.Zero, zb = b.Type == FpType.Zero;
        if (za && zb)
        {
            return 0;
        }

        int signA = za ? 0 : a.Sign ? -1 : 1;
        int signB = zb ? 0 : b.Sign ? -1 : 1;
        if (signA != signB)
        {
            return signA < signB ? -1 : 1;
        }

        int magnitude = ma != mb ? ma.CompareTo(mb) : CompareMagnitude(a, b);
        return signA < 0 ? -magnitude : magnitude;
    }

    private static int MagnitudeOrder(in FpValue v) => v.Type switch
    {
        FpType.Zero => 0,
        FpType.Infinity => 2,
        _ => 1,
    };

    private static int CompareMagnitude(in FpValue a, in FpValue b)
    {
        if (a.Type != FpType.Nonzero)
        {
            return 0; // both infinities
        }

        int topA = a.Exponent + 63 - BitOperations.LeadingZeroCount(a.Mantissa);
        int topB = b.Exponent + 63 - BitOperations.LeadingZeroCount(b.Mantissa);
        if (topA != topB)
        {
            return topA.CompareTo(topB);
        }

        int common = Math.Min(a.Exponent, b.Exponent);
        UInt128 x = (UInt128)a.Mantissa << (a.Exponent - common);
        UInt128 y = (UInt128)b.Mantissa << (b.Exponent - common);
        return x.CompareTo(y);
    }
}
