using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// Host floating point for FDIV, FSQRT and the fused multiply-adds where it provably equals the Arm result (same
/// conditions as ArmFloat.HostFastPath.cs: FPCR.{RMode,FZ,DN} = 0, finite normal-or-zero inputs, results clear of the
/// denormal and overflow ranges, so only IXC can arise). IEEE 754 division, square root and fusedMultiplyAdd are
/// correctly rounded on both (DDI0487 J1 FPDiv/FPSqrt/FPMulAdd round once, to nearest even here). Inexact is found
/// exactly: the division and square-root residuals a - q*b and r*r - a are representable (checked exponent range), so
/// one host FMA computes them exactly; single precision computes in double, which rounds innocuously for / and sqrt
/// (53 >= 2*24 + 2 bits), and checks with an exact double product. FMA has no cheap exact test, so it takes the host
/// only once FPSR.IXC is already set (cumulative: nothing left to find out). Everything else takes the soft path.
/// </summary>
internal static partial class ArmFloat
{
    private static int BiasedExponent(ulong bits, FloatFormat f) => (int)((bits >> f.FractionBits) & (ulong)f.MaxBiasedExponent);

    private static bool IsZero(ulong bits, FloatFormat f) => (bits & ~f.SignBit & f.Mask) == 0;

    internal static bool TryHostDiv(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpcr & FastPathFpcrMask) != 0 || f.Width == 16 || !IsNormalOrZero(op1, f) || !IsNormalOrZero(op2, f) || IsZero(op2, f))
        {
            return false; // a zero divisor raises DZC or IOC: soft path
        }

        if (IsZero(op1, f))
        {
            result = (op1 ^ op2) & f.SignBit; // 0 / finite nonzero: exact zero, sign of the quotient
            return true;
        }

        bool inexact;
        if (f.Width == 64)
        {
            double a = BitConverter.UInt64BitsToDouble(op1), b = BitConverter.UInt64BitsToDouble(op2);
            double q = a / b;
            result = BitConverter.DoubleToUInt64Bits(q);
            // q * b is a multiple of 2^(eq + eb - 104) (unbiased): the residual is representable down to 2^-1074 when
            // Eq + Eb >= 1076 (biased); |residual| < ulp(q) * |b| needs at most 53 bits.
            if (IsZero(result, f) || !IsSafeResult(result, f, 2) || BiasedExponent(result, f) + BiasedExponent(op2, f) < 1080)
            {
                return false;
            }

            inexact = Math.FusedMultiplyAdd(-q, b, a) != 0;
        }
        else
        {
            double a = BitConverter.UInt32BitsToSingle((uint)op1), b = BitConverter.UInt32BitsToSingle((uint)op2);
            float r = (float)(a / b);
            result = BitConverter.SingleToUInt32Bits(r);
            if (r == 0 || !IsSafeResult(result, f, 2))
            {
                return false;
            }

            inexact = (double)r * b != a; // 24 x 24 bits: exact in double
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    internal static bool TryHostSqrt(ulong op, FloatFormat f, uint fpcr, ref uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpcr & FastPathFpcrMask) != 0 || f.Width == 16 || !IsNormalOrZero(op, f))
        {
            return false;
        }

        if (IsZero(op, f))
        {
            result = op; // sqrt(+-0) = +-0
            return true;
        }

        if ((op & f.SignBit) != 0)
        {
            return false; // negative: IOC and the default NaN, soft path
        }

        bool inexact;
        if (f.Width == 64)
        {
            // r*r is a multiple of 2^(2er - 104): representable when the operand's biased exponent is at least 53.
            if (BiasedExponent(op, f) < 60)
            {
                return false;
            }

            double a = BitConverter.UInt64BitsToDouble(op);
            double r = Math.Sqrt(a);
            result = BitConverter.DoubleToUInt64Bits(r);
            inexact = Math.FusedMultiplyAdd(r, r, -a) != 0;
        }
        else
        {
            double a = BitConverter.UInt32BitsToSingle((uint)op);
            float r = (float)Math.Sqrt(a);
            result = BitConverter.SingleToUInt32Bits(r);
            inexact = (double)r * r != a;
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    /// <summary>addend + op1 * op2, rounded once, when IXC is already set (the only flag left to raise would be IXC).</summary>
    internal static bool TryHostMulAdd(ulong addend, ulong op1, ulong op2, FloatFormat f, uint fpcr, uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpsr & Inexact) == 0 || (fpcr & FastPathFpcrMask) != 0 || f.Width == 16
            || !IsNormalOrZero(addend, f) || !IsNormalOrZero(op1, f) || !IsNormalOrZero(op2, f))
        {
            return false;
        }

        if (f.Width == 64)
        {
            result = BitConverter.DoubleToUInt64Bits(Math.FusedMultiplyAdd(
                BitConverter.UInt64BitsToDouble(op1), BitConverter.UInt64BitsToDouble(op2), BitConverter.UInt64BitsToDouble(addend)));
        }
        else
        {
            result = BitConverter.SingleToUInt32Bits(MathF.FusedMultiplyAdd(
                BitConverter.UInt32BitsToSingle((uint)op1), BitConverter.UInt32BitsToSingle((uint)op2), BitConverter.UInt32BitsToSingle((uint)addend)));
        }

        // A zero result may be an underflow (or need the exact-zero sign rule): soft path, as for any tiny result.
        return !IsZero(result, f) && IsSafeResult(result, f, 2);
    }
}
