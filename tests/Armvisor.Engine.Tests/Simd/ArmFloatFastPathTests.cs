using Armvisor.Engine.A64.Simd;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// The host-FP fast path of <see cref="ArmFloat"/> must give bit-identical results and FPSR flags to the exact soft
/// path whenever it accepts an operation. Operands are drawn where it is hardest: exponents near the denormal and
/// overflow edges, near-cancelling sums, products whose exponent sum is close to the limits.
/// </summary>
public sealed class ArmFloatFastPathTests
{
    private static ulong Operand(Random random, FloatFormat f)
    {
        ulong sign = random.Next(2) == 0 ? 0 : f.SignBit;
        int maxExponent = f.MaxBiasedExponent - 1;
        int exponent = random.Next(6) switch
        {
            0 => random.Next(0, 4),
            1 => random.Next(maxExponent - 3, maxExponent + 1),
            2 => f.Bias + random.Next(-4, 5),
            3 => random.Next(1, 120),
            4 => f.Bias / 2 + random.Next(-60, 60),
            _ => random.Next(0, maxExponent + 1),
        };
        ulong fraction = random.Next(4) == 0 ? (ulong)random.Next(0, 4) : (ulong)random.NextInt64() & f.FractionMask;
        if (exponent == 0)
        {
            fraction = 0; // the fast path only takes normal or zero inputs
        }

        return sign | ((ulong)exponent << f.FractionBits) | fraction;
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void HostAddAndMul_AdversarialOperands_IdenticalToSoftPath(int width)
    {
        FloatFormat f = width == 32 ? FloatFormat.Single : FloatFormat.Double;
        var random = new Random(width);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++)
        {
            ulong a = Operand(random, f), b = Operand(random, f);
            if (i % 3 == 0)
            {
                b = (a ^ f.SignBit) + (ulong)random.Next(-3, 4); // near cancellation
                b &= f.Mask;
            }

            bool subtract = random.Next(2) == 0;
            uint fastFlags = 0, softFlags = 0;
            if (ArmFloat.TryHostAdd(a, b, f, 0, subtract, ref fastFlags, out ulong fast))
            {
                accepted++;
                ulong soft = ArmFloat.AddSoft(a, b, f, 0, ref softFlags, subtract);
                Assert.True(fast == soft && fastFlags == softFlags, $"add {a:x} {(subtract ? '-' : '+')} {b:x}: host {fast:x}/{fastFlags:x}, soft {soft:x}/{softFlags:x}");
            }

            fastFlags = 0;
            softFlags = 0;
            if (ArmFloat.TryHostMul(a, b, f, 0, ref fastFlags, out fast))
            {
                accepted++;
                ulong soft = ArmFloat.MultiplySoft(a, b, f, 0, ref softFlags, extended: false);
                Assert.True(fast == soft && fastFlags == softFlags, $"mul {a:x} * {b:x}: host {fast:x}/{fastFlags:x}, soft {soft:x}/{softFlags:x}");
            }
        }

        Assert.True(accepted > 100_000, $"only {accepted} operations took the fast path");
    }

    [Theory]
    [InlineData(1u << 22)] // round towards plus infinity
    [InlineData(1u << 24)] // flush-to-zero
    [InlineData(1u << 25)] // default NaN
    public void HostFastPath_NonDefaultFpcr_Declined(uint fpcr)
    {
        uint flags = 0;
        Assert.False(ArmFloat.TryHostAdd(0x3FF0_0000_0000_0000, 0x3FF0_0000_0000_0000, FloatFormat.Double, fpcr, false, ref flags, out _));
        Assert.False(ArmFloat.TryHostMul(0x3FF0_0000_0000_0000, 0x3FF0_0000_0000_0000, FloatFormat.Double, fpcr, ref flags, out _));
    }
}
