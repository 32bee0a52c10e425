using Armvisor.Engine.Tests.Support;
using Armvisor.Memory;
using static Armvisor.Engine.Tests.Simd.FpMachine;

namespace Armvisor.Engine.Tests.Simd;

/// <summary>
/// AdvSIMD integer instructions with values worked from the DDI0487 C7.2 pseudocode: the string/memory-routine set of
/// static glibc (CMEQ, UMAXP, SHRN, EXT, TBL, DUP, UMOV, MOVI...), saturation with FPSR.QC, narrowing/lengthening,
/// and the single-structure loads/stores.
/// </summary>
public sealed class SimdIntegerTests
{
    private const ulong Bytes0To7 = 0x0706_0504_0302_0100, Bytes8To15 = 0x0F0E_0D0C_0B0A_0908;
    private const ulong Bytes16To23 = 0x1716_1514_1312_1110, Bytes24To31 = 0x1F1E_1D1C_1B1A_1918;
    private static readonly UInt128 Sequence = V(Bytes8To15, Bytes0To7);
    private static readonly UInt128 NextSequence = V(Bytes24To31, Bytes16To23);

    private static UInt128 Splat(ulong doubleword) => V(doubleword, doubleword);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Instruction_Operands_ResultPerPseudocode(string name, uint instruction, UInt128 v0, UInt128 v1, UInt128 v2, UInt128 v3, ulong x1, UInt128 expected)
    {
        using var m = new FpMachine().Run(instruction, v1, v2, v3, x1: x1, v0: v0);
        Assert.True(expected == m.V0, $"{name}: expected {expected:X32}, got {m.V0:X32}");
    }

    public static TheoryData<string, uint, UInt128, UInt128, UInt128, UInt128, ulong, UInt128> Cases => new()
    {
        { "CMEQ 16B", 0x6E228C20, 0, Sequence, V(Bytes8To15, Bytes0To7 ^ 0x0100_0000), 0, 0, V(ulong.MaxValue, 0xFFFF_FFFF_00FF_FFFF) },
        { "UMAXP 16B", 0x6E22A420, 0, Sequence, NextSequence, 0, 0, V(0x1F1D_1B19_1715_1311, 0x0F0D_0B09_0705_0301) },
        { "SHRN 8B, 8H, #4", 0x0F0C8420, Splat(ulong.MaxValue), Splat(0xABCD_ABCD_ABCD_ABCD), 0, 0, 0, V(0, 0xBCBC_BCBC_BCBC_BCBC) },
        { "EXT 16B #3", 0x6E021820, 0, Sequence, NextSequence, 0, 0, V(0x1211_100F_0E0D_0C0B, 0x0A09_0807_0605_0403) },
        { "TBL 16B one register", 0x4E020020, 0, V(0xFFEE_DDCC_BBAA_9988, 0x7766_5544_3322_1100), V(0, 0x0403_0201_FF10_000F), 0, 0, V(0, 0x4433_2211_0000_00FF) },
        { "TBX 8B two registers", 0x0E033020, Splat(0xEEEE_EEEE_EEEE_EEEE), Sequence, NextSequence, V(0, 0x0505_0505_1000_201F), 0, V(0, 0x0505_0505_1000_EE1F) },
        { "DUP 16B, W", 0x4E010C20, 0, 0, 0, 0, 0x1234_56AB, Splat(0xABAB_ABAB_ABAB_ABAB) },
        { "DUP 4S, S[3]", 0x4E1C0420, 0, V(0xDEAD_BEEF_1234_5678, 0), 0, 0, 0, Splat(0xDEAD_BEEF_DEAD_BEEF) },
        { "INS S[2], W", 0x4E141C20, Splat(0x1111_1111_1111_1111), 0, 0, 0, 0xAABB_CCDD, V(0x1111_1111_AABB_CCDD, 0x1111_1111_1111_1111) },
        { "INS H[1], H[7]", 0x6E067420, 0, V(0xBEEF_0000_0000_0000, 0), 0, 0, 0, V(0, 0x0000_0000_BEEF_0000) },
        { "MOVI 4S LSL #16", 0x4F054560, 0, 0, 0, 0, 0, Splat(0x00AB_0000_00AB_0000) },
        { "MVNI 8H", 0x6F008640, 0, 0, 0, 0, 0, Splat(0xFFED_FFED_FFED_FFED) },
        { "MOVI 2D", 0x6F05E540, 0, 0, 0, 0, 0, Splat(0xFF00_FF00_FF00_FF00) },
        { "MOVI D", 0x2F00E420, Splat(ulong.MaxValue), 0, 0, 0, 0, V(0, 0xFF) },
        { "BIC 4S #0xFF", 0x6F0717E0, Splat(ulong.MaxValue), 0, 0, 0, 0, Splat(0xFFFF_FF00_FFFF_FF00) },
        { "CNT 8B", 0x0E205820, 0, V(ulong.MaxValue, 0xFF0F_0301_0000_0000), 0, 0, 0, V(0, 0x0804_0201_0000_0000) },
        { "ADDV B, 16B", 0x4E31B820, 0, Sequence, 0, 0, 0, V(0, 120) },
        { "UADDLV H, 16B", 0x6E303820, 0, Splat(ulong.MaxValue), 0, 0, 0, V(0, 0xFF0) },
        { "UZP1 4S", 0x4E821820, 0, V(3UL << 32 | 2, 1UL << 32), V(7UL << 32 | 6, 5UL << 32 | 4), 0, 0, V(6UL << 32 | 4, 2UL << 32) },
        { "ZIP2 8H", 0x4E427820, 0, V(0x0007_0006_0005_0004, 0x0003_0002_0001_0000), V(0x000F_000E_000D_000C, 0x000B_000A_0009_0008), 0, 0, V(0x000F_0007_000E_0006, 0x000D_0005_000C_0004) },
        { "TRN1 16B", 0x4E022820, 0, Sequence, NextSequence, 0, 0, V(0x1E0E_1C0C_1A0A_1808, 0x1606_1404_1202_1000) },
        { "XTN2 4S, 2D", 0x4EA12820, Splat(0x1111_1111_1111_1111), V(0xBBBB_BBBB_8765_4321, 0xAAAA_AAAA_1234_5678), 0, 0, 0, V(0x8765_4321_1234_5678, 0x1111_1111_1111_1111) },
        { "USHR 2D #63", 0x6F410420, 0, Splat(0x8000_0000_0000_0001), 0, 0, 0, Splat(1) },
        { "SSHR 4S #31", 0x4F210420, 0, Splat(0x7FFF_FFFF_8000_0000), 0, 0, 0, Splat(0x0000_0000_FFFF_FFFF) },
        { "URSHR 16B #1 (rounds in wider precision)", 0x6F0F2420, 0, Splat(ulong.MaxValue), 0, 0, 0, Splat(0x8080_8080_8080_8080) },
        { "USHLL2 8H, 16B, #3", 0x6F0BA420, 0, Sequence, 0, 0, 0, V(0x0078_0070_0068_0060, 0x0058_0050_0048_0040) },
        { "BSL", 0x6E621C20, Splat(0xF0F0_F0F0_F0F0_F0F0), Splat(0xAAAA_AAAA_AAAA_AAAA), Splat(0x5555_5555_5555_5555), 0, 0, Splat(0xA5A5_A5A5_A5A5_A5A5) },
        { "REV64 8H", 0x4E600820, 0, Splat(0x0003_0002_0001_0000), 0, 0, 0, Splat(0x0000_0001_0002_0003) },
        { "REV32 16B", 0x6E200820, 0, Sequence, 0, 0, 0, V(0x0C0D_0E0F_0809_0A0B, 0x0405_0607_0001_0203) },
        { "CLZ 4S", 0x6EA04820, 0, V(0xFFFF_FFFF_0000_0001, 0x0000_0000_0001_0000), 0, 0, 0, V(0x0000_0000_0000_001F, 0x0000_0020_0000_000F) },
        { "CLS 8B", 0x0E204820, 0, V(0, 0xE03F_C040_8001_FF00), 0, 0, 0, V(0, 0x0201_0100_0006_0707) },
        { "UABDL 8H", 0x2E227020, 0, Splat(0x0101_0101_0101_0101), Splat(0xFAFA_FAFA_FAFA_FAFA), 0, 0, Splat(0x00F9_00F9_00F9_00F9) },
        { "ADDHN 8B", 0x0E224020, 0, Splat(0x1234_1234_1234_1234), Splat(0x0100_0100_0100_0100), 0, 0, V(0, 0x1313_1313_1313_1313) },
        { "SMULL2 2D", 0x4EA2C020, 0, V(0x0000_0003_FFFF_FFFE, 0), V(0xFFFF_FFFF_7FFF_FFFF, 0), 0, 0, V(0xFFFF_FFFF_FFFF_FFFD, 0xFFFF_FFFF_0000_0002) },
        { "MUL 8H by element H[7]", 0x4F728820, 0, Splat(0x0101_0101_0101_0101), V(0x0003_0000_0000_0000, 0), 0, 0, Splat(0x0303_0303_0303_0303) },
    };

    [Theory]
    [InlineData(0x4E220C20u, 0x7F7F_7F7F_7F7F_7F7FUL, 0x0101_0101_0101_0101UL, 0x7F7F_7F7F_7F7F_7F7FUL)] // SQADD 16B: 127 + 1
    [InlineData(0x6E622C20u, 0x0001_0001_0001_0001UL, 0x0002_0002_0002_0002UL, 0UL)] // UQSUB 8H: 1 - 2
    [InlineData(0x0F0F9C20u, 0x7FFF_7FFF_7FFF_7FFFUL, 0UL, 0x7F7F_7F7F_7F7F_7F7FUL)] // SQRSHRN 8B, 8H, #1 (upper half: zero)
    public void Saturating_Overflow_ClampsAndSetsQc(uint instruction, ulong v1, ulong v2, ulong expectedLow)
    {
        using var m = new FpMachine().Run(instruction, Splat(v1), Splat(v2));
        Assert.Equal(expectedLow, m.D0);
        Assert.Equal(Qc, m.Fpsr);
    }

    [Fact]
    public void Umov_Halfword_ZeroExtendsToW()
    {
        using var m = new FpMachine().Run(0x0E163C20, V(0x7766_5544_3322_1100, 0));
        Assert.Equal(0x3322UL, m.X0);
    }

    [Fact]
    public void Smov_Byte_SignExtendsToX()
    {
        using var m = new FpMachine().Run(0x4E1F2C20, V(0x8000_0000_0000_0000, 0));
        Assert.Equal(0xFFFF_FFFF_FFFF_FF80UL, m.X0);
    }

    [Fact]
    public void Ld1SingleLane_Word_ReplacesOnlyThatLane()
    {
        using var m = new FpMachine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), 0xCAFE_BABEu);
        m.Run(0x0D409020, x1: TestMachine.DataBase, v0: Splat(0x1111_1111_1111_1111));
        Assert.Equal(V(0x1111_1111_1111_1111, 0xCAFE_BABE_1111_1111), m.V0);
    }

    [Fact]
    public void Ld1rPostIndex_Halfword_ReplicatesAndAdvancesBase()
    {
        using var m = new FpMachine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), (ushort)0xBEEF);
        m.Run(0x4DDFC420, x1: TestMachine.DataBase);
        Assert.Equal(Splat(0xBEEF_BEEF_BEEF_BEEF), m.V0);
        Assert.Equal(TestMachine.DataBase + 2, m.Machine.X(1));
    }

    [Fact]
    public void St1SingleLane_Doubleword_StoresUpperElement()
    {
        using var m = new FpMachine().Run(0x4D008421, V(0x0123_4567_89AB_CDEF, 0x5555), x1: TestMachine.DataBase);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, m.Machine.Ram.Read<ulong>(new GuestPhysicalAddress(TestMachine.DataBase)));
    }

    [Fact]
    public void Ld2SingleLane_Bytes_DeinterleavesIntoConsecutiveRegisters()
    {
        using var m = new FpMachine();
        m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase), (ushort)0xBBAA);
        m.Run(0x0D600C20, x1: TestMachine.DataBase);
        Assert.Equal((UInt128)0xAA00_0000, m.V0);
        Assert.Equal((UInt128)0xBB00_0000, m.Machine.Cpu.GetVectorRegister(1));
    }

    [Fact]
    public void Ld4r_Words_EachRegisterGetsOneReplicatedWord()
    {
        using var m = new FpMachine();
        for (uint i = 0; i < 4; i++)
        {
            m.Machine.Ram.Write(new GuestPhysicalAddress(TestMachine.DataBase + (4 * i)), 0x1000_0000u + i);
        }

        m.Run(0x4D60E820, x1: TestMachine.DataBase);
        for (int r = 0; r < 4; r++)
        {
            ulong word = 0x1000_0000UL + (ulong)r;
            Assert.Equal(Splat((word << 32) | word), m.Machine.Cpu.GetVectorRegister(r));
        }
    }
}
