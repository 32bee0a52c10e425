using Armvisor.Engine;
using static Armvisor.Engine.Tests.Simd.FpMachine;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// Scalar FP with values from the Arm ARM pseudocode (DDI0487 J1: FPProcessNaNs, FPRound, FPToFixed, FPRoundInt,
/// FPCompare) and IEEE 754 edge cases: NaN payload propagation and quieting, signalling before quiet, default NaN,
/// signed zeros, denormals under FZ, overflow under directed rounding, saturating conversions and FPSR flags.
/// </summary>
public sealed class FpScalarTests
{
    private const uint FaddS = 0x1E222820, FaddD = 0x1E622820, FsubD = 0x1E623820, FmulS = 0x1E220820, FmulD = 0x1E620820, FdivD = 0x1E621820;
    private const uint FsqrtD = 0x1E61C020, FmaddD = 0x1F420C20, FmsubD = 0x1F428C20, FnmaddD = 0x1F620C20, FnmulD = 0x1E628820;
    private const ulong One = 0x3FF0000000000000, Two = 0x4000000000000000, MaxD = 0x7FEFFFFFFFFFFFFF, InfD = 0x7FF0000000000000;

    [Fact]
    public void Fadd_SignallingNaNInSecondOperand_BeatsQuietNaNInFirstAndIsQuieted()
    {
        using var m = new FpMachine().Run(FaddS, v1: 0x7FC0_0001, v2: 0x7F80_0002);
        Assert.Equal(0x7FC0_0002UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fadd_TwoQuietNaNs_FirstOperandPayloadPropagatesWithoutFlags()
    {
        using var m = new FpMachine().Run(FaddD, v1: 0xFFF8_0000_0000_BEEF, v2: 0x7FF8_0000_0000_0001);
        Assert.Equal(0xFFF8_0000_0000_BEEFUL, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Fadd_DefaultNaNMode_ReturnsDefaultNaN()
    {
        using var m = new FpMachine().Run(FaddS, v1: 0x7F80_0002, v2: 0x3F80_0000, fpcr: DefaultNaN);
        Assert.Equal(0x7FC0_0000UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fadd_OppositeInfinities_IsInvalidWithDefaultNaN()
    {
        using var m = new FpMachine().Run(FaddD, v1: InfD, v2: 0xFFF0_0000_0000_0000);
        Assert.Equal(0x7FF8_0000_0000_0000UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Theory]
    [InlineData(0u, 0UL)] // round to nearest: +0
    [InlineData(RoundMinus, 0x8000_0000_0000_0000UL)] // round towards minus infinity: -0
    public void Fsub_ExactCancellation_ZeroSignFollowsRoundingMode(uint fpcr, ulong expected)
    {
        using var m = new FpMachine().Run(FsubD, v1: One, v2: One, fpcr: fpcr);
        Assert.Equal(expected, m.D0);
    }

    [Fact]
    public void Fadd_NegativeZeros_GiveNegativeZero()
    {
        using var m = new FpMachine().Run(FaddD, v1: 0x8000_0000_0000_0000, v2: 0x8000_0000_0000_0000);
        Assert.Equal(0x8000_0000_0000_0000UL, m.D0);
    }

    [Fact]
    public void Fadd_DenormalInputUnderFz_FlushedWithIdc()
    {
        using var m = new FpMachine().Run(FaddS, v1: 0x0000_0001, v2: 0x8000_0000, fpcr: FlushToZero);
        Assert.Equal(0UL, m.D0);
        Assert.Equal(Idc, m.Fpsr);
    }

    [Fact]
    public void Fmul_TinyResultUnderFz_FlushedToZeroWithUfcOnly()
    {
        using var m = new FpMachine().Run(FmulS, v1: 0x0080_0000, v2: 0x3F00_0000, fpcr: FlushToZero); // min normal * 0.5
        Assert.Equal(0UL, m.D0);
        Assert.Equal(Ufc, m.Fpsr);
    }

    [Fact]
    public void Fmul_ExactDenormalResult_NoUnderflowFlag()
    {
        using var m = new FpMachine().Run(FmulS, v1: 0x0080_0000, v2: 0x3F00_0000); // exactly 2^-127
        Assert.Equal(0x0040_0000UL, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Fmul_InexactDenormalResult_SetsUfcAndIxc()
    {
        using var m = new FpMachine().Run(FmulS, v1: 0x0080_0001, v2: 0x3F00_0000);
        Assert.Equal(0x0040_0000UL, m.D0); // ties to even
        Assert.Equal(Ufc | Ixc, m.Fpsr);
    }

    [Theory]
    [InlineData(0u, InfD)]
    [InlineData(RoundPlus, InfD)]
    [InlineData(RoundMinus, MaxD)]
    [InlineData(RoundZero, MaxD)]
    public void Fmul_Overflow_InfinityOrMaxNormalByRoundingMode(uint fpcr, ulong expected)
    {
        using var m = new FpMachine().Run(FmulD, v1: MaxD, v2: Two, fpcr: fpcr);
        Assert.Equal(expected, m.D0);
        Assert.Equal(Ofc | Ixc, m.Fpsr);
    }

    [Theory]
    [InlineData(0u, 0x3FD5_5555_5555_5555UL)]
    [InlineData(RoundPlus, 0x3FD5_5555_5555_5556UL)]
    [InlineData(RoundMinus, 0x3FD5_5555_5555_5555UL)]
    public void Fdiv_OneThird_DirectedRoundingAndInexact(uint fpcr, ulong expected)
    {
        using var m = new FpMachine().Run(FdivD, v1: One, v2: 0x4008_0000_0000_0000, fpcr: fpcr);
        Assert.Equal(expected, m.D0);
        Assert.Equal(Ixc, m.Fpsr);
    }

    [Fact]
    public void Fdiv_ByZero_InfinityWithDzc()
    {
        using var m = new FpMachine().Run(FdivD, v1: 0xBFF0_0000_0000_0000, v2: 0);
        Assert.Equal(0xFFF0_0000_0000_0000UL, m.D0);
        Assert.Equal(Dzc, m.Fpsr);
    }

    [Fact]
    public void Fsqrt_Negative_DefaultNaNWithIoc()
    {
        using var m = new FpMachine().Run(FsqrtD, v1: 0xBFF0_0000_0000_0000);
        Assert.Equal(0x7FF8_0000_0000_0000UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fsqrt_Two_CorrectlyRoundedAndInexact()
    {
        using var m = new FpMachine().Run(FsqrtD, v1: Two);
        Assert.Equal(0x3FF6_A09E_667F_3BCDUL, m.D0);
        Assert.Equal(Ixc, m.Fpsr);
    }

    [Fact]
    public void Fmadd_IsFused_SingleRounding()
    {
        // (1 + 2^-52) * (1 - 2^-52) - 1 = -2^-104 exactly; an unfused multiply would round the product to 1 and give 0.
        using var m = new FpMachine().Run(FmaddD, v1: 0x3FF0_0000_0000_0001, v2: 0x3FEF_FFFF_FFFF_FFFE, v3: 0xBFF0_0000_0000_0000);
        Assert.Equal(0xB970_0000_0000_0000UL, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Fmadd_InfinityTimesZeroPlusQuietNaN_DefaultNaNWithIoc()
    {
        using var m = new FpMachine().Run(FmaddD, v1: InfD, v2: 0, v3: 0x7FF8_0000_0000_1234);
        Assert.Equal(0x7FF8_0000_0000_0000UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fmadd_QuietNaNAddendAndSignallingOperand_SignallingWins()
    {
        using var m = new FpMachine().Run(FmaddD, v1: 0x7FF0_0000_0000_0042, v2: One, v3: 0x7FF8_0000_0000_1234);
        Assert.Equal(0x7FF8_0000_0000_0042UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fmsub_NaNFirstOperand_SignFlippedByFPNeg()
    {
        using var m = new FpMachine().Run(FmsubD, v1: 0x7FF8_0000_0000_0007, v2: One, v3: One);
        Assert.Equal(0xFFF8_0000_0000_0007UL, m.D0);
    }

    [Fact]
    public void Fnmadd_Values_NegatedSum()
    {
        using var m = new FpMachine().Run(FnmaddD, v1: Two, v2: Two, v3: One); // -(1) - 2*2 = -5
        Assert.Equal(0xC014_0000_0000_0000UL, m.D0);
    }

    [Fact]
    public void Fnmul_Values_NegatedProduct()
    {
        using var m = new FpMachine().Run(FnmulD, v1: Two, v2: 0x4008_0000_0000_0000);
        Assert.Equal(0xC018_0000_0000_0000UL, m.D0);
    }

    [Theory]
    [InlineData(0x1E225820u, 0x8000_0000UL)] // FMIN(-0, +0) = -0
    [InlineData(0x1E224820u, 0UL)] // FMAX(-0, +0) = +0
    public void FminFmax_SignedZeros_MostNegativeOrPositive(uint instruction, ulong expected)
    {
        using var m = new FpMachine().Run(instruction, v1: 0x8000_0000, v2: 0);
        Assert.Equal(expected, m.D0);
    }

    [Fact]
    public void Fmaxnm_OneQuietNaN_ReturnsTheNumber()
    {
        using var m = new FpMachine().Run(0x1E626820, v1: 0x7FF8_0000_0000_0000, v2: One);
        Assert.Equal(One, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Theory]
    [InlineData(0x1E664020u, 0x4004_0000_0000_0000UL, 0x4008_0000_0000_0000UL)] // FRINTA 2.5 = 3
    [InlineData(0x1E644020u, 0x4004_0000_0000_0000UL, 0x4000_0000_0000_0000UL)] // FRINTN 2.5 = 2
    [InlineData(0x1E654020u, 0xBFE0_0000_0000_0000UL, 0xBFF0_0000_0000_0000UL)] // FRINTM -0.5 = -1
    [InlineData(0x1E65C020u, 0xBFE0_0000_0000_0000UL, 0x8000_0000_0000_0000UL)] // FRINTZ -0.5 = -0
    public void Frint_Modes_RoundPerFPRoundIntWithoutInexact(uint instruction, ulong input, ulong expected)
    {
        using var m = new FpMachine().Run(instruction, v1: input);
        Assert.Equal(expected, m.D0);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Frintx_Inexact_SetsIxc()
    {
        using var m = new FpMachine().Run(0x1E674020, v1: 0x4004_0000_0000_0000);
        Assert.Equal(Two, m.D0);
        Assert.Equal(Ixc, m.Fpsr);
    }

    [Theory]
    [InlineData(One, Two, 0x8000_0000u)] // less
    [InlineData(Two, Two, 0x6000_0000u)] // equal
    [InlineData(Two, One, 0x2000_0000u)] // greater
    [InlineData(0x7FF8_0000_0000_0000UL, One, 0x3000_0000u)] // unordered
    public void Fcmp_Values_NzcvPerFPCompare(ulong a, ulong b, uint nzcv)
    {
        using var m = new FpMachine().Run(0x1E622020, v1: a, v2: b);
        Assert.Equal(nzcv, m.Nzcv);
        Assert.Equal(0u, m.Fpsr);
    }

    [Fact]
    public void Fcmpe_QuietNaN_SignalsInvalid()
    {
        using var m = new FpMachine().Run(0x1E622030, v1: 0x7FF8_0000_0000_0000, v2: One);
        Assert.Equal(0x3000_0000u, m.Nzcv);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void Fccmp_ConditionFails_TakesImmediateFlags()
    {
        using var m = new FpMachine();
        m.Machine.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5); // Z clear: EQ fails
        m.Machine.Load([0x1E620424, Support.Asm.Hvc(0)]);
        m.Machine.Cpu.SetRegister(Arm64Register.Pc, Support.TestMachine.CodeBase);
        m.Machine.Cpu.Run();
        Assert.Equal(0x4000_0000u, m.Nzcv);
    }

    [Theory]
    [InlineData(0x9E780020u, 0x4415_AF1D_78B5_8C40UL, 0x7FFF_FFFF_FFFF_FFFFUL, Ioc)] // FCVTZS X, 1e20: saturates
    [InlineData(0x9E780020u, 0x7FF8_0000_0000_0000UL, 0UL, Ioc)] // FCVTZS X, NaN: 0
    [InlineData(0x9E780020u, 0xC3E0_0000_0000_0000UL, 0x8000_0000_0000_0000UL, 0u)] // FCVTZS X, -2^63: exact
    [InlineData(0x9E790020u, 0xBFF8_0000_0000_0000UL, 0UL, Ioc)] // FCVTZU X, -1.5: saturates to 0
    [InlineData(0x9E790020u, 0xBFE0_0000_0000_0000UL, 0UL, Ixc)] // FCVTZU X, -0.5: 0, inexact only
    [InlineData(0x9E600020u, 0x4004_0000_0000_0000UL, 2UL, Ixc)] // FCVTNS 2.5 = 2
    [InlineData(0x9E640020u, 0x4004_0000_0000_0000UL, 3UL, Ixc)] // FCVTAS 2.5 = 3
    [InlineData(0x9E700020u, 0xBFE0_0000_0000_0000UL, 0xFFFF_FFFF_FFFF_FFFFUL, Ixc)] // FCVTMS -0.5 = -1
    [InlineData(0x1E58E020u, 0x3FF8_0000_0000_0000UL, 0x180UL, 0u)] // FCVTZS W, D, #8: 1.5 * 256
    public void FcvtToInteger_Values_SaturateAndFlagPerFPToFixed(uint instruction, ulong input, ulong expected, uint fpsr)
    {
        using var m = new FpMachine().Run(instruction, v1: input);
        Assert.Equal(expected, m.X0);
        Assert.Equal(fpsr, m.Fpsr);
    }

    [Fact]
    public void FcvtzsWord_FromSingleOutOfRange_SaturatesToWordMinimum()
    {
        using var m = new FpMachine().Run(0x1E380020, v1: 0xCF80_0000); // -2^32
        Assert.Equal(0x8000_0000UL, m.X0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Theory]
    [InlineData(0x9E620020u, 0xFFFF_FFFF_FFFF_FFFFUL, 0xBFF0_0000_0000_0000UL)] // SCVTF D, X: -1
    [InlineData(0x9E42F020u, 0x18UL, 0x3FF8_0000_0000_0000UL)] // SCVTF D, X, #4: 24 / 16
    [InlineData(0x1E230020u, 0xFFFF_FFFFUL, 0x4F80_0000UL)] // UCVTF S, W: 2^32 - 1 rounds to 2^32
    public void Cvtf_Values_RoundedPerFixedToFP(uint instruction, ulong x1, ulong expected)
    {
        using var m = new FpMachine().Run(instruction, x1: x1);
        Assert.Equal(expected, (ulong)m.V0);
    }

    [Fact]
    public void FcvtDoubleToSingle_NaNPayload_TopBitsKept()
    {
        using var m = new FpMachine().Run(0x1E624020, v1: 0x7FF0_0000_2000_0001); // signalling, payload bit 29
        Assert.Equal(0x7FC0_0001UL, m.D0);
        Assert.Equal(Ioc, m.Fpsr);
    }

    [Fact]
    public void FcvtSingleToHalf_Overflow_InfinityWithOfc()
    {
        using var m = new FpMachine().Run(0x1E23C020, v1: 0x4780_0000); // 65536
        Assert.Equal(0x7C00UL, m.D0);
        Assert.Equal(Ofc | Ixc, m.Fpsr);
    }

    [Theory]
    [InlineData(0x1E6E1000u, 0x3FF0_0000_0000_0000UL)] // FMOV D0, #1.0
    [InlineData(0x1E3C1000u, 0xBF00_0000UL)] // FMOV S0, #-0.5
    public void FmovImmediate_VfpExpandImm(uint instruction, ulong expected)
    {
        using var m = new FpMachine().Run(instruction, v0: FpMachine.V(0xFFFF, 0xFFFF));
        Assert.Equal((UInt128)expected, m.V0);
    }

    [Fact]
    public void FmovToUpperHalf_KeepsLowerDoubleword()
    {
        using var m = new FpMachine().Run(0x9EAF0020, x1: 0x1234, v0: FpMachine.V(0xAAAA, 0x5555));
        Assert.Equal(FpMachine.V(0x1234, 0x5555), m.V0);
    }

    [Fact]
    public void FaddSingle_ClearsUpperBitsOfDestination()
    {
        using var m = new FpMachine().Run(FaddS, v1: 0x3F80_0000, v2: 0x3F80_0000, v0: FpMachine.V(ulong.MaxValue, ulong.MaxValue));
        Assert.Equal((UInt128)0x4000_0000, m.V0);
    }

    [Fact]
    public void Fadd_FpAccessDisabledByCpacr_TrapsWithEc07()
    {
        using var m = new FpMachine();
        m.Machine.SetSysReg(3, 0, 1, 0, 2, 0); // CPACR_EL1.FPEN = 00
        EngineExit exit = m.Machine.Run(FaddD, Support.Asm.Hvc(0));
        Assert.Equal(4, Support.TestMachine.VectorSlot(exit));
        Assert.Equal(0x07UL, m.Machine.EsrEl1 >> 26);
    }
}
