using Armvisor.Arm64;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>
/// The SIMD-within-a-register media instructions (DDI0487 F5: UADD8, SEL, UQSUB8, SHADD16, SASX, SSUB8, UHSAX, USAD8,
/// USADA8, SSAT16, USAT16) in A32 and T32, including the GE flags and Q. The T32 strlen idiom (uadd8 + sel) is the one
/// busybox-static:armhf runs first: before these rows, init died of SIGILL. Encodings are GNU as's (-march=armv7ve).
/// </summary>
public class A32ParallelArithmeticTests
{
    private const uint GeMask = 0xFu << 16, QFlag = 1u << 27;
    private const uint CpsrSvcThumb = (uint)A32Machine.CpsrSvc | (1u << 5);
    private const uint T32Hvc0 = 0xF7E0_8000;

    private static void RunThumb(A32Machine m, params uint[] instructions)
    {
        var halfwords = instructions.SelectMany(i => i > 0xFFFF ? new[] { i >> 16, i & 0xFFFF } : [i]).ToList();
        if (halfwords.Count % 2 != 0)
        {
            halfwords.Add(0xBF00);
        }

        m.Cpu.SetRegister(Arm64Register.Cpsr, CpsrSvcThumb);
        m.Run(Enumerable.Range(0, halfwords.Count / 2).Select(k => halfwords[2 * k] | (halfwords[(2 * k) + 1] << 16)).ToArray());
    }

    [Fact]
    public void Uadd8ThenSel_T32StrlenIdiom_MarksTheZeroByteAndSetsGe()
    {
        using var m = new A32Machine();
        m.SetX(2, 0x4100_4142);
        m.SetX(12, 0xFFFF_FFFF);
        m.SetX(4, 0);
        RunThumb(m, 0xFA82_F24C, 0xFAA4_F28C, T32Hvc0); // uadd8 r2, r2, ip; sel r2, r4, ip
        Assert.Equal(0x00FF_0000u, m.X(2));
        Assert.Equal(0xBu << 16, m.Cpsr & GeMask);
    }

    [Theory]
    [InlineData(0xFAC0_F351u, 0x10FF_0580u, 0x2001_0680u, 0x00FE_0000u)] // uqsub8 r3, r0, r1: saturates at 0
    [InlineData(0xFA90_F321u, 0x7FFF_8000u, 0x7FFF_8000u, 0x7FFF_8000u)] // shadd16 r3, r0, r1: no overflow in the halving
    [InlineData(0xFB70_F301u, 0x0102_0304u, 0x0403_0201u, 8u)] // usad8 r3, r0, r1
    [InlineData(0xFB70_2301u, 0x0102_0304u, 0x0403_0201u, 108u)] // usada8 r3, r0, r1, r2 (r2 = 100)
    public void T32Media_Operands_ComputeTheLanes(uint instruction, uint r0, uint r1, uint expected)
    {
        using var m = new A32Machine();
        m.SetX(0, r0);
        m.SetX(1, r1);
        m.SetX(2, 100);
        RunThumb(m, instruction, T32Hvc0);
        Assert.Equal(expected, m.X(3));
    }

    [Fact]
    public void Sasx_T32_SubtractsLowAddsHighAndSetsGePerHalfword()
    {
        using var m = new A32Machine();
        m.SetX(0, 0x0005_0001);
        m.SetX(1, 0x0002_0007);
        RunThumb(m, 0xFAA0_F301, T32Hvc0); // sasx r3, r0, r1: low 1 - 2, high 5 + 7
        Assert.Equal(0x000C_FFFFu, m.X(3));
        Assert.Equal(0xCu << 16, m.Cpsr & GeMask);
    }

    [Theory]
    [InlineData(0xF320_0307u, 0x007F_FF80u)] // ssat16 r3, #8, r0
    [InlineData(0xF3A0_0308u, 0x00FF_0000u)] // usat16 r3, #8, r0
    public void Saturate16_T32OutOfRangeHalfwords_ClampAndSetQ(uint instruction, uint expected)
    {
        using var m = new A32Machine();
        m.SetX(0, 0x0200_FF00);
        RunThumb(m, instruction, T32Hvc0);
        Assert.Equal(expected, m.X(3));
        Assert.Equal(QFlag, m.Cpsr & QFlag);
    }

    [Fact]
    public void Ssub8_A32_WrapsAndSetsGeWhereTheDifferenceIsNonNegative()
    {
        using var m = new A32Machine();
        m.SetX(0, 0x7F80_0102);
        m.SetX(1, 0xFF01_0201);
        m.Run(0xE610_3FF1, A32Machine.Hvc0); // ssub8 r3, r0, r1
        Assert.Equal(0x807F_FF01u, m.X(3));
        Assert.Equal(0x9u << 16, m.Cpsr & GeMask);
    }

    [Fact]
    public void Uhsax_A32_HalvesTheFullPrecisionResults()
    {
        using var m = new A32Machine();
        m.SetX(0, 0x0001_FFFF);
        m.SetX(1, 0x0003_FFFF);
        m.Run(0xE670_3F51, A32Machine.Hvc0); // uhsax r3, r0, r1: low (0xFFFF + 3) / 2, high (1 - 0xFFFF) / 2
        Assert.Equal(0x8001_8001u, m.X(3));
    }
}
