using Armvisor.Engine.A64.Simd;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// The host fast paths for FDIV, FSQRT, the fused multiply-adds and the FP/integer and precision conversions must give
/// bit-identical results and FPSR flags to the exact soft path whenever they accept an operation (operands drawn near
/// the denormal and overflow edges, exact quotients and squares, integers near 2^53, 2^63 and the 32-bit limits).
/// </summary>
public sealed class ArmFloatHostDivSqrtConversionTests
{
    private static ulong Operand(Random random, FloatFormat f)
    {
        ulong sign = random.Next(2) == 0 ? 0 : f.SignBit;
        int maxExponent = f.MaxBiasedExponent - 1;
        int exponent = random.Next(7) switch
        {
            0 => random.Next(0, 4),
            1 => random.Next(maxExponent - 3, maxExponent + 1),
            2 => f.Bias + random.Next(-4, 5),
            3 => random.Next(1, 120),
            4 => f.Bias / 2 + random.Next(-60, 60),
            5 => f.Bias + random.Next(20, 66), // integers near 2^31, 2^32, 2^63, 2^64
            _ => random.Next(0, maxExponent + 1),
        };
        ulong fraction = random.Next(3) == 0 ? (ulong)random.Next(0, 8) << (f.FractionBits - 3) : (ulong)random.NextInt64() & f.FractionMask;
        if (exponent == 0 && random.Next(2) == 0)
        {
            fraction = 0;
        }

        return sign | ((ulong)exponent << f.FractionBits) | fraction;
    }

    private static void Same(string what, bool accepted, ulong fast, uint fastFlags, ulong soft, uint softFlags, ref int count)
    {
        if (!accepted)
        {
            return;
        }

        count++;
        Assert.True(fast == soft && fastFlags == softFlags, $"{what}: host {fast:x}/{fastFlags:x}, soft {soft:x}/{softFlags:x}");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void HostDivSqrtMulAdd_AdversarialOperands_IdenticalToSoftPath(int width)
    {
        FloatFormat f = width == 32 ? FloatFormat.Single : FloatFormat.Double;
        var random = new Random(width + 1);
        int div = 0, sqrt = 0, fma = 0;
        for (int i = 0; i < 200_000; i++)
        {
            ulong a = Operand(random, f), b = Operand(random, f), c = Operand(random, f);
            if (i % 4 == 0)
            {
                // an exact quotient: a = b * small integer
                double q = random.Next(1, 64);
                a = width == 64
                    ? BitConverter.DoubleToUInt64Bits(BitConverter.UInt64BitsToDouble(b) * q)
                    : BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((uint)b) * (float)q);
            }

            uint ff = 0, sf = 0;
            Same($"div {a:x} / {b:x}", ArmFloat.TryHostDiv(a, b, f, 0, ref ff, out ulong fast), fast, ff, ArmFloat.DivSoft(a, b, f, 0, ref sf), sf, ref div);

            ulong s = i % 4 == 1 && width == 64 ? BitConverter.DoubleToUInt64Bits(Math.Pow(random.Next(1, 1 << 20), 2)) : a;
            ff = sf = 0;
            Same($"sqrt {s:x}", ArmFloat.TryHostSqrt(s, f, 0, ref ff, out fast), fast, ff, ArmFloat.SqrtSoft(s, f, 0, ref sf), sf, ref sqrt);

            uint start = random.Next(2) == 0 ? FpExceptions.Inexact : 0;
            ff = sf = start;
            bool ok = ArmFloat.TryHostMulAdd(c, a, b, f, 0, ff, out fast);
            Same($"fma {c:x} + {a:x} * {b:x}", ok, fast, ff, ArmFloat.MulAddSoft(c, a, b, f, 0, ref sf), sf, ref fma);
        }

        Assert.True(div > 20_000 && sqrt > 20_000 && fma > 20_000, $"fast path taken: div {div}, sqrt {sqrt}, fma {fma}");
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void HostConversions_AdversarialOperands_IdenticalToSoftPath(int width)
    {
        FloatFormat f = width == 32 ? FloatFormat.Single : FloatFormat.Double;
        FloatFormat other = width == 32 ? FloatFormat.Double : FloatFormat.Single;
        var random = new Random(width + 7);
        int toInt = 0, fromInt = 0, convert = 0;
        for (int i = 0; i < 200_000; i++)
        {
            ulong a = Operand(random, f);
            bool unsigned = random.Next(2) == 0;
            int bits = random.Next(2) == 0 ? 32 : 64;
            uint ff = 0, sf = 0;
            Same($"fcvtz{(unsigned ? 'u' : 's')} {bits} {a:x}", ArmFloat.TryHostToFixed(a, f, 0, unsigned, bits, FpRounding.Zero, 0, ref ff, out ulong fast),
                fast, ff, ArmFloat.ToFixedSoft(a, f, 0, unsigned, bits, FpRounding.Zero, 0, ref sf), sf, ref toInt);

            ulong v = random.Next(4) switch
            {
                0 => (ulong)random.NextInt64(),
                1 => (1UL << random.Next(20, 64)) + (ulong)random.Next(-3, 4),
                2 => (ulong)(long)random.Next(int.MinValue, int.MaxValue),
                _ => 0UL - (ulong)random.Next(0, 5),
            };
            ff = sf = 0;
            Same($"{(unsigned ? 'u' : 's')}cvtf {bits} {v:x}", ArmFloat.TryHostFromFixed(v, bits, unsigned, 0, f, FpRounding.TiesToEven, 0, ref ff, out fast),
                fast, ff, ArmFloat.FromFixedSoft(v, bits, unsigned, 0, f, FpRounding.TiesToEven, 0, ref sf), sf, ref fromInt);

            ff = sf = 0;
            Same($"fcvt {a:x}", ArmFloat.TryHostConvert(a, f, other, FpRounding.TiesToEven, 0, ref ff, out fast),
                fast, ff, ArmFloat.ConvertSoft(a, f, other, FpRounding.TiesToEven, 0, ref sf), sf, ref convert);
        }

        Assert.True(toInt > 20_000 && fromInt > 20_000 && convert > 20_000, $"fast path taken: to int {toInt}, from int {fromInt}, convert {convert}");
    }

    [Fact]
    public void HostDoubleScalarPaths_AdversarialOperands_IdenticalToSoftPath()
    {
        FloatFormat f = FloatFormat.Double;
        var random = new Random(64 * 3);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++)
        {
            ulong a = Operand(random, f), b = Operand(random, f), c = Operand(random, f);
            if (i % 3 == 0)
            {
                b = (a ^ f.SignBit) + (ulong)random.Next(-3, 4); // near cancellation
            }

            int opcode = random.Next(4);
            uint ff = 0, sf = 0;
            ulong soft = opcode switch
            {
                0 => ArmFloat.MultiplySoft(a, b, f, 0, ref sf, extended: false),
                1 => ArmFloat.DivSoft(a, b, f, 0, ref sf),
                _ => ArmFloat.AddSoft(a, b, f, 0, ref sf, subtract: opcode == 3),
            };
            Same($"op {opcode} {a:x} {b:x}", ArmFloat.TryHostDoubleBinary(opcode, a, b, 0, ref ff, out ulong fast), fast, ff, soft, sf, ref accepted);

            ff = sf = FpExceptions.Inexact;
            Same($"fma {c:x} + {a:x} * {b:x}", ArmFloat.TryHostDoubleMulAdd(c, a, b, 0, ff, out fast), fast, ff,
                ArmFloat.MulAddSoft(c, a, b, f, 0, ref sf), sf, ref accepted);
        }

        Assert.True(accepted > 100_000, $"only {accepted} operations took the fast path");
    }

    [Theory]
    [InlineData(1u << 22)] // round towards plus infinity
    [InlineData(1u << 24)] // flush-to-zero
    [InlineData(1u << 25)] // default NaN
    public void HostDivSqrtConversions_NonDefaultFpcr_Declined(uint fpcr)
    {
        const ulong One = 0x3FF0_0000_0000_0000, Three = 0x4008_0000_0000_0000;
        uint flags = FpExceptions.Inexact;
        Assert.False(ArmFloat.TryHostDiv(One, Three, FloatFormat.Double, fpcr, ref flags, out _));
        Assert.False(ArmFloat.TryHostSqrt(Three, FloatFormat.Double, fpcr, ref flags, out _));
        Assert.False(ArmFloat.TryHostMulAdd(One, Three, Three, FloatFormat.Double, fpcr, flags, out _));
        Assert.False(ArmFloat.TryHostFromFixed(3, 64, false, 0, FloatFormat.Double, FpRounding.TiesToEven, fpcr, ref flags, out _));
        Assert.False(ArmFloat.TryHostConvert(Three, FloatFormat.Double, FloatFormat.Single, FpRounding.TiesToEven, fpcr, ref flags, out _));
    }

    [Fact]
    public void HostMulAdd_InexactNotYetSet_Declined()
    {
        Assert.False(ArmFloat.TryHostMulAdd(0x3FF0_0000_0000_0000, 0x4008_0000_0000_0000, 0x3FD5_5555_5555_5555, FloatFormat.Double, 0, 0, out _));
    }
}
