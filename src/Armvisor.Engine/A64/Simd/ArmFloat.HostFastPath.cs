using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// Host floating point for FADD/FSUB/FMUL where it provably equals the Arm result: FPCR.{RMode,FZ,DN} = 0 (round to
/// nearest even, IEEE 754 as the host does it), normal or zero inputs, and results far enough from the denormal and
/// overflow ranges that neither UFC nor OFC can arise. Inexact is detected exactly by error-free transformations
/// (TwoSum for sums; for single-precision products the double product is exact). Anything else takes the soft path.
/// </summary>
internal static partial class ArmFloat
{
    private const uint FastPathFpcrMask = (3u << 22) | (1u << 24) | (1u << 25);

    /// <summary>Normal or zero: the biased exponent is neither 0 with a fraction nor all ones.</summary>
    private static bool IsNormalOrZero(ulong bits, FloatFormat f)
    {
        ulong exponent = (bits >> f.FractionBits) & (ulong)f.MaxBiasedExponent;
        return exponent != (ulong)f.MaxBiasedExponent && (exponent != 0 || (bits & f.FractionMask) == 0);
    }

    /// <summary>The result is zero or has a biased exponent in [minimum, max - 1].</summary>
    private static bool IsSafeResult(ulong bits, FloatFormat f, int minimumBiasedExponent)
    {
        ulong exponent = (bits >> f.FractionBits) & (ulong)f.MaxBiasedExponent;
        return (bits & ~f.SignBit & f.Mask) == 0 || (exponent >= (ulong)minimumBiasedExponent && exponent < (ulong)f.MaxBiasedExponent);
    }

    internal static bool TryHostAdd(ulong op1, ulong op2, FloatFormat f, uint fpcr, bool subtract, ref uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpcr & FastPathFpcrMask) != 0 || f.Width == 16 || !IsNormalOrZero(op1, f) || !IsNormalOrZero(op2, f))
        {
            return false;
        }

        bool inexact;
        if (f.Width == 64)
        {
            double a = BitConverter.UInt64BitsToDouble(op1), b = BitConverter.UInt64BitsToDouble(op2);
            b = subtract ? -b : b;
            double s = a + b, bb = s - a;
            inexact = (a - (s - bb)) + (b - bb) != 0; // TwoSum error term
            result = BitConverter.DoubleToUInt64Bits(s);
        }
        else
        {
            float a = BitConverter.UInt32BitsToSingle((uint)op1), b = BitConverter.UInt32BitsToSingle((uint)op2);
            b = subtract ? -b : b;
            float s = a + b, bb = s - a;
            inexact = (a - (s - bb)) + (b - bb) != 0;
            result = BitConverter.SingleToUInt32Bits(s);
        }

        // A result of biased exponent >= 2 is at least 2^(emin+1): the exact sum cannot have been tiny.
        if (!IsSafeResult(result, f, 2))
        {
            return false;
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    internal static bool TryHostMul(ulong op1, ulong op2, FloatFormat f, uint fpcr, ref uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpcr & FastPathFpcrMask) != 0 || f.Width == 16 || !IsNormalOrZero(op1, f) || !IsNormalOrZero(op2, f))
        {
            return false;
        }

        if ((op1 & ~f.SignBit & f.Mask) == 0 || (op2 & ~f.SignBit & f.Mask) == 0)
        {
            // A zero operand (the other is finite): an exact zero with the sign of the product.
            result = (op1 ^ op2) & f.SignBit;
            return true;
        }

        // Both operands are nonzero from here, so a zero product is an underflow: soft path.
        bool inexact;
        if (f.Width == 64)
        {
            double a = BitConverter.UInt64BitsToDouble(op1), b = BitConverter.UInt64BitsToDouble(op2);
            double p = a * b;
            if (p == 0)
            {
                return false;
            }

            result = BitConverter.DoubleToUInt64Bits(p);
            // Biased exponent >= 2 * 53 + 2 keeps the residual a*b - p (a multiple of ulp(a) * ulp(b)) representable, so
            // the fused residual is exact.
            if (!IsSafeResult(result, f, 108))
            {
                return false;
            }

            inexact = Math.FusedMultiplyAdd(a, b, -p) != 0;
        }
        else
        {
            // 24 x 24 bits fit a double's 53: the double product is exact, rounding it to single is the one rounding.
            double p = (double)BitConverter.UInt32BitsToSingle((uint)op1) * BitConverter.UInt32BitsToSingle((uint)op2);
            float r = (float)p;
            result = BitConverter.SingleToUInt32Bits(r);
            if (r == 0 || !IsSafeResult(result, f, 2))
            {
                return false;
            }

            inexact = r != p;
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return true;
    }
}
