using System.Runtime.CompilerServices;
using static Armvisor.Engine.A64.Simd.FpExceptions;

namespace Armvisor.Engine.A64.Simd;

/// <summary>
/// The scalar double-precision FMUL/FDIV/FADD/FSUB/FMADD host paths with the format's constants written out, for the
/// scalar handlers (the generic <see cref="TryHostAdd"/>, <see cref="TryHostMul"/>, <see cref="TryHostDiv"/> and
/// <see cref="TryHostMulAdd"/> read them from a <see cref="FloatFormat"/>, whose property calls RyuJIT leaves out of
/// line in the deep handler call chain). Same conditions and the same exact IXC as those; any operation they would
/// decline is declined here and takes the generic path. ArmFloatHostDivSqrtConversionTests compares both with the
/// soft path.
/// </summary>
internal static partial class ArmFloat
{
    private const ulong DoubleMagnitude = 0x7FFF_FFFF_FFFF_FFFF;

    /// <summary>Biased exponent in [1, 2046], or a zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNormalOrZeroDouble(ulong bits)
    {
        ulong e = (bits >> 52) & 0x7FF;
        return e != 0x7FF && (e != 0 || (bits & DoubleMagnitude) == 0);
    }

    /// <summary>Zero, or a biased exponent in [minimum, 2046].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsSafeDouble(ulong bits, ulong minimum)
    {
        ulong e = (bits >> 52) & 0x7FF;
        return (bits & DoubleMagnitude) == 0 || (e >= minimum && e < 0x7FF);
    }

    /// <summary>FP 2-source opcodes 0-3 (FMUL, FDIV, FADD, FSUB) on doubles; false leaves the operation to the caller's generic path.</summary>
    internal static bool TryHostDoubleBinary(int opcode, ulong op1, ulong op2, uint fpcr, ref uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpcr & FastPathFpcrMask) != 0 || !IsNormalOrZeroDouble(op1) || !IsNormalOrZeroDouble(op2))
        {
            return false;
        }

        double a = BitConverter.UInt64BitsToDouble(op1), b = BitConverter.UInt64BitsToDouble(op2);
        bool inexact;
        switch (opcode)
        {
            case 0:
                if ((op1 & DoubleMagnitude) == 0 || (op2 & DoubleMagnitude) == 0)
                {
                    result = (op1 ^ op2) & ~DoubleMagnitude;
                    return true;
                }

                double p = a * b;
                result = BitConverter.DoubleToUInt64Bits(p);
                if (p == 0 || !IsSafeDouble(result, 108))
                {
                    return false;
                }

                inexact = Math.FusedMultiplyAdd(a, b, -p) != 0;
                break;
            case 1:
                if ((op2 & DoubleMagnitude) == 0)
                {
                    return false;
                }

                if ((op1 & DoubleMagnitude) == 0)
                {
                    result = (op1 ^ op2) & ~DoubleMagnitude;
                    return true;
                }

                double q = a / b;
                result = BitConverter.DoubleToUInt64Bits(q);
                if (q == 0 || !IsSafeDouble(result, 2) || ((result >> 52) & 0x7FF) + ((op2 >> 52) & 0x7FF) < 1080)
                {
                    return false;
                }

                inexact = Math.FusedMultiplyAdd(-q, b, a) != 0;
                break;
            case 2:
            case 3:
                if (opcode == 3)
                {
                    b = -b;
                }

                double s = a + b, bb = s - a;
                inexact = (a - (s - bb)) + (b - bb) != 0; // TwoSum error term
                result = BitConverter.DoubleToUInt64Bits(s);
                if (!IsSafeDouble(result, 2))
                {
                    return false;
                }

                break;
            default:
                return false;
        }

        if (inexact)
        {
            fpsr |= Inexact;
        }

        return true;
    }

    /// <summary>addend + op1 * op2 on doubles once IXC is set (see <see cref="TryHostMulAdd"/>).</summary>
    internal static bool TryHostDoubleMulAdd(ulong addend, ulong op1, ulong op2, uint fpcr, uint fpsr, out ulong result)
    {
        result = 0;
        if ((fpsr & Inexact) == 0 || (fpcr & FastPathFpcrMask) != 0
            || !IsNormalOrZeroDouble(addend) || !IsNormalOrZeroDouble(op1) || !IsNormalOrZeroDouble(op2))
        {
            return false;
        }

        result = BitConverter.DoubleToUInt64Bits(Math.FusedMultiplyAdd(
            BitConverter.UInt64BitsToDouble(op1), BitConverter.UInt64BitsToDouble(op2), BitConverter.UInt64BitsToDouble(addend)));
        return (result & DoubleMagnitude) != 0 && IsSafeDouble(result, 2);
    }
}
