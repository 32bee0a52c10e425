using static Armvisor.Engine.Tests.Simd.FpMachine;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// The reciprocal and reciprocal-square-root estimates and steps (DDI0487 J1 FPRecipEstimate, RecipEstimate,
/// FPRSqrtEstimate, RecipSqrtEstimate, FPRecipStepFused, FPRSqrtStepFused, FPRecpX, UnsignedRecipEstimate), with the
/// values QEMU gives for the same inputs.
/// </summary>
public sealed class FpEstimateTests
{
    private const uint FrecpeD = 0x5EE1D820, FrsqrteD = 0x7EE1D820, FrecpeS = 0x5EA1D820;

    [Theory]
    [InlineData(FrecpeD, 0x3FF0_0000_0000_0000UL, 0u, 0x3FEF_F000_0000_0000UL, 0u)] // 1.0: 511/512
    [InlineData(FrsqrteD, 0x4010_0000_0000_0000UL, 0u, 0x3FDF_F000_0000_0000UL, 0u)] // 4.0: about 0.5
    [InlineData(FrecpeS, 0x4040_0000UL, 0u, 0x3EAA_8000UL, 0u)] // 3.0f
    [InlineData(FrecpeS, 0UL, 0u, 0x7F80_0000UL, Dzc)] // +0: infinity, divide by zero
    [InlineData(FrecpeD, 0x0010_0000_0000_0000UL, 0u, 0x7FCF_F000_0000_0000UL, 0u)] // smallest normal
    [InlineData(FrecpeD, 1UL, 0u, 0x7FF0_0000_0000_0000UL, Ofc | Ixc)] // smallest denormal: overflow
    [InlineData(FrecpeD, 1UL, RoundZero, 0x7FEF_FFFF_FFFF_FFFFUL, Ofc | Ixc)] // ... to max-normal towards zero
    [InlineData(FrsqrteD, 0xBFF0_0000_0000_0000UL, 0u, 0x7FF8_0000_0000_0000UL, Ioc)] // negative: default NaN
    [InlineData(0x5EE1F820u, 0x4010_0000_0000_0000UL, 0u, 0x3FE0_0000_0000_0000UL, 0u)] // FRECPX 4.0: exponent inverted
    public void Estimate_Operand_TableValueAndFlags(uint instruction, ulong operand, uint fpcr, ulong expected, uint fpsr)
    {
        using var m = new FpMachine().Run(instruction, v1: operand, fpcr: fpcr);
        Assert.Equal((UInt128)expected, m.V0);
        Assert.Equal(fpsr, m.Fpsr);
    }

    [Fact]
    public void Frecps_InfinityTimesZero_IsTwo()
    {
        using var m = new FpMachine().Run(0x5E62FC20, v1: 0x7FF0_0000_0000_0000, v2: 0);
        Assert.Equal(0x4000_0000_0000_0000UL, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Frsqrts_ExactCancellation_IsPositiveZero()
    {
        using var m = new FpMachine().Run(0x5EE2FC20, v1: 0x4000_0000_0000_0000, v2: 0x3FF8_0000_0000_0000); // (3 - 2 * 1.5) / 2
        Assert.Equal(0UL, m.D0);
    }

    [Fact]
    public void Urecpe_TopBitClearOrSet_AllOnesOrEstimate()
    {
        using var m = new FpMachine().Run(0x0EA1C820, v1: 0x8000_0000_FFFF_FFFF);
        Assert.Equal((UInt128)0xFF80_0000_8000_0000, m.V0);
    }
}
