using Armvisor.Engine;
using Armvisor.Engine.Tests.Support;
using static Armvisor.Engine.Tests.Support.Asm;

namespace Armvisor.Engine.Tests;

/// <summary>Integer data processing, with flag values worked from the AddWithCarry pseudocode (DDI0487 J1).</summary>
public sealed class DataProcessingTests
{
    private const uint N = 0x8000_0000, Z = 0x4000_0000, C = 0x2000_0000, V = 0x1000_0000;

    [Theory]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFUL, 1UL, 0x8000_0000_0000_0000UL, N | V)]
    [InlineData(0xFFFF_FFFF_FFFF_FFFFUL, 1UL, 0UL, Z | C)]
    [InlineData(0x8000_0000_0000_0000UL, 0x8000_0000_0000_0000UL, 0UL, Z | C | V)]
    [InlineData(1UL, 2UL, 3UL, 0u)]
    public void Adds_Register_SetsNzcvPerAddWithCarry(ulong a, ulong b, ulong sum, uint flags)
    {
        using var m = new TestMachine();
        m.SetX(1, a);
        m.SetX(2, b);
        m.Run(AddReg(0, 1, 2, setFlags: true), Hvc(0));
        Assert.Equal(sum, m.X(0));
        Assert.Equal(flags, m.Nzcv);
    }

    [Theory]
    [InlineData(0u, 1u, 0xFFFF_FFFFu, N)]
    [InlineData(5u, 5u, 0u, Z | C)]
    [InlineData(0x8000_0000u, 1u, 0x7FFF_FFFFu, C | V)]
    public void Subs_Word_SetsCarryAsNotBorrow(uint a, uint b, uint diff, uint flags)
    {
        using var m = new TestMachine();
        m.SetX(1, 0xDEAD_0000_0000_0000UL | a);
        m.SetX(2, b);
        m.Run(AddReg(0, 1, 2, is64: false, setFlags: true, subtract: true), Hvc(0));
        Assert.Equal(diff, m.X(0));
        Assert.Equal(flags, m.Nzcv);
    }

    [Fact]
    public void AddImm_WithSpOperands_UsesStackPointer()
    {
        using var m = new TestMachine();
        m.Run(MovZ(0, 0x1000), AddImm(Sp, 0, 0x10), AddImm(1, Sp, 8), Hvc(0));
        Assert.Equal(0x1018UL, m.X(1));
    }

    [Fact]
    public void AddsImm_RdIsZr_DiscardsResultAndKeepsZrZero()
    {
        using var m = new TestMachine();
        m.SetX(1, 5);
        m.Run(AddImm(Zr, 1, 3, setFlags: true), AddReg(2, Zr, Zr), Hvc(0));
        Assert.Equal(0UL, m.X(2));
    }

    [Theory]
    [InlineData(0x92401C20u, 0x1234_5678_9ABC_DEF0UL, 0xF0UL)] // AND X0, X1, #0xFF
    [InlineData(0xD27FF820u, 0x1UL, 0xFFFF_FFFF_FFFF_FFFFUL)] // EOR X0, X1, #0xFFFFFFFFFFFFFFFE
    [InlineData(0x3200F020u, 0xFFFF_FFFF_0000_0000UL, 0x5555_5555UL)] // ORR W0, W1, #0x55555555
    public void LogicalImmediate_BitmaskFromDecodeBitMasks(uint instruction, ulong x1, ulong expected)
    {
        using var m = new TestMachine();
        m.SetX(1, x1);
        m.Run(instruction, Hvc(0));
        Assert.Equal(expected, m.X(0));
    }

    [Theory]
    [InlineData(0xD3442C20u, 0xABCDUL, 0xBCUL)] // UBFX X0, X1, #4, #8
    [InlineData(0x937D1020u, 0x1FUL, 0xFFFF_FFFF_FFFF_FFF8UL)] // SBFIZ X0, X1, #3, #5
    [InlineData(0x93C23020u, 0x0UL, 0x0UL)] // EXTR X0, X1, X2, #12 (X2 = 0)
    public void Bitfield_Forms_MatchArmArmExamples(uint instruction, ulong x1, ulong expected)
    {
        using var m = new TestMachine();
        m.SetX(1, x1);
        m.SetX(2, 0);
        m.Run(instruction, Hvc(0));
        Assert.Equal(expected, m.X(0));
    }

    [Fact]
    public void Bfi_Word_InsertsFieldAndKeepsOtherBits()
    {
        using var m = new TestMachine();
        m.SetX(0, 0xFFFF_FFFF_FFFF_FFFFUL);
        m.SetX(1, 0x5);
        m.Run(0x33180C20u, Hvc(0)); // BFI W0, W1, #8, #4
        Assert.Equal(0xFFFF_F5FFUL, m.X(0));
    }

    [Fact]
    public void Extr_RotatesConcatenation()
    {
        using var m = new TestMachine();
        m.SetX(1, 0x1111_2222_3333_4444UL);
        m.SetX(2, 0xAAAA_BBBB_CCCC_DDDDUL);
        m.Run(0x93C23020u, Hvc(0)); // EXTR X0, X1, X2, #12
        Assert.Equal(0x444A_AAAB_BBBC_CCCDUL, m.X(0));
    }

    [Fact]
    public void MovWide_BuildsConstantAndMovnInverts()
    {
        using var m = new TestMachine();
        uint[] code = [.. MovImm64(0, 0x0123_4567_89AB_CDEFUL), MovN(1, 0), MovN(2, 0, is64: false), Hvc(0)];
        m.Run(code);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, m.X(0));
        Assert.Equal(ulong.MaxValue, m.X(1));
        Assert.Equal(0xFFFF_FFFFUL, m.X(2));
    }

    [Fact]
    public void AddExtended_Sxtw_SignExtendsAndShifts()
    {
        using var m = new TestMachine();
        m.SetX(1, 100);
        m.SetX(2, 0xFFFF_FFFF); // -1 as a word
        m.Run(AddExt(0, 1, 2, option: 6, shift: 2), Hvc(0));
        Assert.Equal(96UL, m.X(0));
    }

    [Fact]
    public void AdcsAndSbcs_UseCarryIn()
    {
        using var m = new TestMachine();
        m.SetX(1, ulong.MaxValue);
        m.SetX(2, 1);
        m.SetX(3, 10);
        m.SetX(4, 3);
        // ADDS sets C; ADC adds it; SBC X6 = 10 - 3 - !C = 7.
        m.Run(AddReg(0, 1, 2, setFlags: true), Adc(5, 3, 4), Adc(6, 3, 4, subtract: true), Hvc(0));
        Assert.Equal(14UL, m.X(5));
        Assert.Equal(7UL, m.X(6));
    }

    [Theory]
    [InlineData(0x9A821420u, 0x4000_0000u, 3UL)] // CSINC X0, X1, X2, NE with Z set: X2 + 1
    [InlineData(0x9A821420u, 0u, 7UL)] // NE holds: X1
    public void Csinc_SelectsByCondition(uint instruction, uint nzcv, ulong expected)
    {
        using var m = new TestMachine();
        m.SetX(1, 7);
        m.SetX(2, 2);
        m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5 | nzcv);
        m.Run(instruction, Hvc(0));
        Assert.Equal(expected, m.X(0));
    }

    [Fact]
    public void Ccmp_ConditionFails_LoadsImmediateFlags()
    {
        using var m = new TestMachine();
        m.SetX(0, 3);
        m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5); // Z clear: EQ fails
        m.Run(0xFA430804u, Hvc(0)); // CCMP X0, #3, #4, EQ
        Assert.Equal(Z, m.Nzcv);
    }

    [Fact]
    public void Ccmp_ConditionHolds_Compares()
    {
        using var m = new TestMachine();
        m.SetX(0, 3);
        m.Cpu.SetRegister(Arm64Register.Cpsr, 0x3C5 | Z);
        m.Run(0xFA430804u, Hvc(0)); // CCMP X0, #3, #4, EQ: 3 - 3 → Z, C
        Assert.Equal(Z | C, m.Nzcv);
    }

    [Fact]
    public void Divide_ByZeroAndOverflow_FollowArchitecture()
    {
        using var m = new TestMachine();
        m.SetX(1, 10);
        m.SetX(2, 0);
        m.SetX(3, 0x8000_0000_0000_0000UL);
        m.SetX(4, ulong.MaxValue);
        m.Run(Udiv(0, 1, 2), Sdiv(5, 3, 4), Sdiv(6, 1, 4), Hvc(0));
        Assert.Equal(0UL, m.X(0));
        Assert.Equal(0x8000_0000_0000_0000UL, m.X(5));
        Assert.Equal(unchecked((ulong)-10L), m.X(6));
    }

    [Fact]
    public void Crc32cx_MatchesCastagnoliCheckValue()
    {
        // CRC-32C of the bytes "12345678" with the usual pre/post inversion is 0x6087809A.
        using var m = new TestMachine();
        m.SetX(1, 0xFFFF_FFFF);
        m.SetX(2, 0x3837_3635_3433_3231UL);
        m.Run(0x9AC25C20u, Hvc(0)); // CRC32CX W0, W1, X2
        Assert.Equal(0x6087_809AUL, m.X(0) ^ 0xFFFF_FFFF);
    }

    [Fact]
    public void Madd_Smulh_Umulh_ComputeProducts()
    {
        using var m = new TestMachine();
        m.SetX(1, 0xFFFF_FFFF_FFFF_FFFFUL);
        m.SetX(2, 2);
        m.SetX(3, 5);
        m.Run(Madd(0, 2, 3, 3), 0x9B427C24u /* SMULH X4, X1, X2 */, 0x9BC27C25u /* UMULH X5, X1, X2 */, Hvc(0));
        Assert.Equal(15UL, m.X(0));
        Assert.Equal(ulong.MaxValue, m.X(4));
        Assert.Equal(1UL, m.X(5));
    }
}
