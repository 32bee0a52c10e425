using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// Host conversions where they provably equal FPToFixed, FixedToFP and FPConvert (DDI0487 J1) for the common forms:
/// no fixed-point bits, single or double precision, FPCR.{RMode,FZ,DN} = 0, in-range finite values. FCVTZ* truncate
/// (Math.Truncate is exact; IXC when it changed the value); SCVTF/UCVTF of values that need no rounding, or of 64-bit
/// values through the host's correctly rounded integer-to-double conversion (IXC when the conversion back differs);
/// FCVT single->double is exact, double->single rounds once on the host (IXC when widening back differs). NaNs,
/// infinities, out-of-range values (IOC and saturation), tiny or overflowing results and other modes take the soft path.
/// </summary>
internal static partial class ArmFloat
{
    private const double TwoPow63 = 9223372036854775808.0;
    private const double TwoPow64 = 18446744073709551616.0;

    internal static bool TryHostToFixed(ulong op, FloatFormat f, int fbits, bool unsigned, int bits, FpRounding rounding, uint fpcr,
        ref uint fpsr, out ulong result)
    {
        result = 0;
        if (fbits != 0 || rounding != FpRounding.Zero || (fpcr & FastPathFpcrMask) != 0 || f.Width == 16)
        {
            return false;
        }

        double d = f.Width == 64 ? BitConverter.UInt64BitsToDouble(op) : BitConverter.UInt32BitsToSingle((uint)op);
        bool inRange = (unsigned, bits) switch
        {
            (false, 64) => d >= -TwoPow63 && d < TwoPow63,
            (false, _) => d > -2147483649.0 && d < 2147483648.0,
            (true, 64) => d > -1.0 && d < TwoPow64,
            _ => d > -1.0 && d < 4294967296.0,
        };
        if (!inRange)
        {
            return false; // NaN (every comparison false), infinity or out of range: IOC and saturation, soft path
        }

        double t = Math.Truncate(d);
        ulong value = unsigned ? (ulong)t : (ulong)(long)t;
        result = bits == 64 ? value : value & 0xFFFF_FFFF;
        if (t != d)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    internal static bool TryHostFromFixed(ulong value, int bits, bool unsigned, int fbits, FloatFormat f, FpRounding rounding, uint fpcr,
        ref uint fpsr, out ulong result)
    {
        result = 0;
        if (fbits != 0 || rounding != FpRounding.TiesToEven || (fpcr & FastPathFpcrMask) != 0 || f.Width == 16 || bits is not (32 or 64))
        {
            return false; // (16-bit sources, the AArch32 VCVT fixed-point forms, take the soft path)
        }

        long v;
        if (bits == 64)
        {
            if (unsigned && (long)value < 0)
            {
                return false; // >= 2^63 unsigned: soft path
            }

            v = (long)value;
        }
        else
        {
            v = unsigned ? (uint)value : (int)(uint)value;
        }

        if (f.Width == 64)
        {
            double d = v; // correctly rounded to nearest even (the host's MXCSR default)
            result = BitConverter.DoubleToUInt64Bits(d);
            // |v| <= 2^53 is exact; otherwise compare back (d = 2^63 cannot equal any long, and converting it back saturates).
            if (v > (1L << 53) || v < -(1L << 53))
            {
                if (d == TwoPow63 || (long)d != v)
                {
                    fpsr |= Inexact;
                }
            }

            return true;
        }

        if (v > (1L << 53) || v < -(1L << 53))
        {
            return false; // via double would round twice: soft path
        }

        float r = (float)(double)v; // the double is exact, so this is the one rounding
        result = BitConverter.SingleToUInt32Bits(r);
        if ((double)r != v)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    internal static bool TryHostConvert(ulong op, FloatFormat from, FloatFormat to, FpRounding rounding, uint fpcr, ref uint fpsr,
        out ulong result)
    {
        result = 0;
        if (rounding != FpRounding.TiesToEven || (fpcr & FastPathFpcrMask) != 0 || from.Width == 16 || to.Width == 16
            || from.Width == to.Width || !IsNormalOrZero(op, from))
        {
            return false;
        }

        if (from.Width == 32)
        {
            result = BitConverter.DoubleToUInt64Bits(BitConverter.UInt32BitsToSingle((uint)op)); // exact
            return true;
        }

        double d = BitConverter.UInt64BitsToDouble(op);
        float r = (float)d;
        result = BitConverter.SingleToUInt32Bits(r);
        if (IsZero(op, from))
        {
            return true;
        }

        if (r == 0 || !IsSafeResult(result, to, 2))
        {
            return false; // underflow or overflow: soft path
        }

        if ((double)r != d)
        {
            fpsr |= Inexact;
        }

        return true;
    }
}
