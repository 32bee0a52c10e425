using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>The VMSAv8-32 long-descriptor (LPAE) walk on its own (DDI0487 G5.4), with descriptors in a dictionary.</summary>
public class LongDescriptorWalkerTests
{
    private const ulong Ttbr0 = 0x4000_0000;
    private const ulong Ttbr1 = 0x4000_1000;
    private const ulong L2 = 0x4000_2000;
    private const ulong L3 = 0x4000_3000;
    private const uint MmuOn = 1;
    private const uint Eae = 1u << 31;
    private const ulong Table = 0b11;
    private const ulong Block = 0b01;
    private const ulong Page = 0b11;
    private const ulong Af = 1UL << 10;

    private sealed class Tables : IPageTableReader
    {
        public Dictionary<ulong, ulong> Entries { get; } = [];

        public bool TryReadDescriptor(ulong address, out ulong descriptor)
        {
            descriptor = Entries.GetValueOrDefault(address);
            return address >= 0x4000_0000;
        }
    }

    private static LongDescriptorRegisters Regs(uint ttbcr = Eae, uint sctlr = MmuOn, ulong ttbr0 = Ttbr0, ulong ttbr1 = Ttbr1, ulong mair = 0) =>
        new(sctlr, ttbcr, ttbr0, ttbr1, mair);

    /// <summary>TTBR0 level 1 entry 1 (VA 0x4000_0000) to L2, L2 entry 0x80 (VA 0x5000_0000) to L3; L3 entry 5 is <paramref name="leaf"/>.</summary>
    private static Tables ThreeLevels(ulong leaf, ulong l1Entry = L2 | Table, ulong l2Entry = L3 | Table)
    {
        var t = new Tables();
        t.Entries[Ttbr0 + 8] = l1Entry;
        t.Entries[L2 + (0x80 * 8)] = l2Entry;
        t.Entries[L3 + (5 * 8)] = leaf;
        return t;
    }

    private const uint PageVa = 0x5000_5ABC;

    private static TranslationResult Walk(Tables t, uint va, LongDescriptorRegisters? regs = null) =>
        new LongDescriptorWalker(t).Walk(va, regs ?? Regs());

    [Fact]
    public void Level1Block_MapsAGigabyteWithFortyBitOutput()
    {
        var t = new Tables();
        t.Entries[Ttbr0 + (2 * 8)] = 0x80_4000_0000UL | Af | Block;
        TranslationResult r = Walk(t, 0x8123_4567);

        Assert.Equal(TranslationFault.None, r.Fault);
        Assert.Equal(1, r.Level);
        Assert.Equal(30, r.BlockSizeLog2);
        Assert.Equal(0x80_4123_4567UL, r.OutputAddress);
    }

    [Fact]
    public void Level2BlockAndLevel3Page_Translate()
    {
        Tables t = ThreeLevels(0x12_3456_7000UL | Af | Page);
        t.Entries[L2 + (0x81 * 8)] = 0x0_8020_0000UL | Af | Block;

        TranslationResult page = Walk(t, PageVa);
        Assert.Equal((3, 0x12_3456_7ABCUL), (page.Level, page.OutputAddress));

        TranslationResult block = Walk(t, 0x5021_2345);
        Assert.Equal((2, 21, 0x8021_2345UL), (block.Level, block.BlockSizeLog2, block.OutputAddress));
    }

    [Fact]
    public void TtbrSplit_T1SizeTwoSendsTheTopGigabyteToTtbr1FromLevel2()
    {
        var t = new Tables();
        t.Entries[Ttbr0 + (3 * 8)] = 0x4000_0000UL | Af | Block; // TTBR0, level 1: would map 0xC000_0000
        t.Entries[Ttbr1 + (1 * 8)] = 0x6000_0000UL | Af | Block; // TTBR1, level 2 (input 30 bits): 0xC020_0000
        t.Entries[Ttbr0 + (2 * 8)] = 0x1_C000_0000UL | Af | Block; // TTBR0 still serves 0x8000_0000
        LongDescriptorRegisters regs = Regs(Eae | (2u << 16));

        TranslationResult upper = Walk(t, 0xC020_1234, regs);
        Assert.Equal((2, 0x6000_1234UL), (upper.Level, upper.OutputAddress));
        Assert.Equal(0x1_C000_0000UL, Walk(t, 0x8000_0000, regs).OutputAddress);
    }

    [Fact]
    public void TtbrSplit_AddressInNeitherRange_IsLevel1TranslationFault()
    {
        var t = new Tables();
        t.Entries[Ttbr0 + (1 * 8)] = 0x4000_0000UL | Af | Block;
        // T0SZ = 2 (TTBR0: 0-1 GB), T1SZ = 2 (TTBR1: 3-4 GB): 0x4000_0000 is in neither.
        TranslationResult r = Walk(t, 0x4000_0000, Regs(Eae | 2u | (2u << 16)));

        Assert.Equal((TranslationFault.Translation, 1), (r.Fault, r.Level));
        Assert.Equal(FaultStatusCode.TranslationLevel1, r.StatusCode);
    }

    [Fact]
    public void Epd0_DisablesWalksThroughTtbr0()
    {
        var t = new Tables();
        t.Entries[Ttbr0 + (1 * 8)] = 0x4000_0000UL | Af | Block;

        Assert.Equal(TranslationFault.None, Walk(t, 0x4000_0000).Fault);
        Assert.Equal(TranslationFault.Translation, Walk(t, 0x4000_0000, Regs(Eae | (1u << 7))).Fault);
    }

    [Theory]
    [InlineData(1, 0UL, 0UL, 0UL)]
    [InlineData(2, L2 | Table, 0UL, 0UL)]
    [InlineData(3, L2 | Table, L3 | Table, 0UL)]
    [InlineData(3, L2 | Table, L3 | Table, 0x4010_0000UL | Af | Block)] // 0b01 at level 3 is reserved
    public void InvalidDescriptor_IsTranslationFaultAtItsLevel(int level, ulong l1, ulong l2, ulong l3)
    {
        TranslationResult r = Walk(ThreeLevels(l3, l1, l2), PageVa);

        Assert.Equal((TranslationFault.Translation, level), (r.Fault, r.Level));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void AccessFlagClear_IsAccessFlagFaultWithoutAnyEnable(int level)
    {
        Tables t = level == 2
            ? ThreeLevels(0, l2Entry: 0x4020_0000UL | Block)
            : ThreeLevels(0x4010_0000UL | Page);
        TranslationResult r = Walk(t, PageVa);

        Assert.Equal((TranslationFault.AccessFlag, level), (r.Fault, r.Level));
        Assert.Equal((FaultStatusCode)(0x08 + level), r.StatusCode);
    }

    [Fact]
    public void OutputAddressAboveFortyBits_IsAddressSizeFault()
    {
        TranslationResult r = Walk(ThreeLevels((1UL << 40) | Af | Page), PageVa);

        Assert.Equal((TranslationFault.AddressSize, 3), (r.Fault, r.Level));
    }

    [Fact]
    public void DescriptorRead_OutsideRam_IsStage2FaultOnTheWalkWithItsAddress()
    {
        TranslationResult r = Walk(ThreeLevels(0, l2Entry: 0x1000_0000UL | Table), PageVa);

        Assert.Equal((TranslationFault.Stage2OnWalk, 3), (r.Fault, r.Level));
        Assert.Equal(0x1000_0000UL + (5 * 8), r.WalkAddress);
    }

    [Theory]
    // AP[2:1] (bits 7:6): 00 PL1 RW; 01 PL1/PL0 RW; 10 PL1 RO; 11 PL1/PL0 RO.
    [InlineData(0b00, PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El1Execute)]
    [InlineData(0b01, PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El1Execute
        | PagePermissions.El0Read | PagePermissions.El0Write | PagePermissions.El0Execute)]
    [InlineData(0b10, PagePermissions.El1Read | PagePermissions.El1Execute)]
    [InlineData(0b11, PagePermissions.El1Read | PagePermissions.El1Execute | PagePermissions.El0Read | PagePermissions.El0Execute)]
    public void AccessPermissions_FollowAp21(ulong ap, PagePermissions expected)
    {
        Assert.Equal(expected, Walk(ThreeLevels(0x4010_0000UL | (ap << 6) | Af | Page), PageVa).Permissions);
    }

    [Fact]
    public void ApTable_RestrictsTheLevelsBelow()
    {
        ulong leaf = 0x4010_0000UL | (0b01UL << 6) | Af | Page; // PL1/PL0 read-write
        PagePermissions readOnly = Walk(ThreeLevels(leaf, l2Entry: L3 | Table | (1UL << 62)), PageVa).Permissions;
        PagePermissions noPl0 = Walk(ThreeLevels(leaf, l1Entry: L2 | Table | (1UL << 61)), PageVa).Permissions;

        Assert.Equal(PagePermissions.El1Read | PagePermissions.El1Execute | PagePermissions.El0Read | PagePermissions.El0Execute, readOnly);
        Assert.Equal(PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El1Execute, noPl0);
    }

    [Fact]
    public void Xn_ForbidsExecutionAtPl1AndPl0_PxnAtPl1Only()
    {
        ulong leaf = 0x4010_0000UL | (0b11UL << 6) | Af | Page;
        PagePermissions xn = Walk(ThreeLevels(leaf | (1UL << 54)), PageVa).Permissions;
        PagePermissions pxn = Walk(ThreeLevels(leaf | (1UL << 53)), PageVa).Permissions;

        Assert.Equal(PagePermissions.El1Read | PagePermissions.El0Read, xn);
        Assert.Equal(PagePermissions.El1Read | PagePermissions.El0Read | PagePermissions.El0Execute, pxn);
    }

    [Fact]
    public void XnTableAndPxnTable_AreInherited()
    {
        ulong leaf = 0x4010_0000UL | (0b11UL << 6) | Af | Page;
        PagePermissions xn = Walk(ThreeLevels(leaf, l2Entry: L3 | Table | (1UL << 60)), PageVa).Permissions;
        PagePermissions pxn = Walk(ThreeLevels(leaf, l1Entry: L2 | Table | (1UL << 59)), PageVa).Permissions;

        Assert.Equal(PagePermissions.El1Read | PagePermissions.El0Read, xn);
        Assert.Equal(PagePermissions.El1Read | PagePermissions.El0Read | PagePermissions.El0Execute, pxn);
    }

    [Fact]
    public void Wxn_MakesWritableMemoryExecuteNever()
    {
        Tables t = ThreeLevels(0x4010_0000UL | (0b01UL << 6) | Af | Page);
        PagePermissions p = Walk(t, PageVa, Regs(sctlr: MmuOn | (1u << 19))).Permissions;

        Assert.Equal(PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El0Read | PagePermissions.El0Write, p);
    }

    [Fact]
    public void Uwxn_MakesPl0WritableMemoryExecuteNeverAtPl1Only()
    {
        Tables t = ThreeLevels(0x4010_0000UL | (0b01UL << 6) | Af | Page);
        PagePermissions p = Walk(t, PageVa, Regs(sctlr: MmuOn | (1u << 20))).Permissions;

        Assert.Equal(PagePermissions.All & ~PagePermissions.El1Execute, p);
    }

    [Fact]
    public void AttrIndx_SelectsTheMair0OrMair1Byte()
    {
        const ulong mair = 0x0004_0000_0000_00FFUL; // Attr0 Normal write-back, Attr6 (MAIR1 byte 2) Device-nGnRE
        TranslationResult normal = Walk(ThreeLevels(0x4010_0000UL | Af | Page), PageVa, Regs(mair: mair));
        TranslationResult device = Walk(ThreeLevels(0x4010_0000UL | (6UL << 2) | Af | Page), PageVa, Regs(mair: mair));

        Assert.Equal((byte)0xFF, normal.Attributes);
        Assert.False(normal.IsDevice);
        Assert.Equal((byte)0x04, device.Attributes);
        Assert.True(device.IsDevice);
    }

    [Fact]
    public void NotGlobalAndAsid_ComeFromTheDescriptorAndTheTtbrTtbcrA1Selects()
    {
        Tables t = ThreeLevels(0x4010_0000UL | (1UL << 11) | Af | Page);
        ulong ttbr0 = Ttbr0 | (0x12UL << 48), ttbr1 = Ttbr1 | (0x34UL << 48);
        TranslationResult a0 = Walk(t, PageVa, Regs(ttbr0: ttbr0, ttbr1: ttbr1));
        TranslationResult a1 = Walk(t, PageVa, Regs(Eae | (1u << 22), ttbr0: ttbr0, ttbr1: ttbr1));

        Assert.False(a0.Global);
        Assert.Equal((ushort)0x12, a0.Asid);
        Assert.Equal((ushort)0x34, a1.Asid);
    }

    [Fact]
    public void ParValue_LongFormat_HasLpaeBitPaAndAttributes()
    {
        TranslationResult r = Walk(ThreeLevels(0x12_3456_7000UL | (3UL << 8) | Af | Page), PageVa, Regs(mair: 0xFF));
        ulong par = TranslationWalker.ParValue(r);

        Assert.Equal(0UL, par & 1); // F = 0
        Assert.Equal(1UL << 11, par & (1UL << 11)); // LPAE
        Assert.Equal(0x12_3456_7000UL, par & 0x00FF_FFFF_F000UL); // PA[39:12]
        Assert.Equal(0xFFUL, par >> 56); // ATTR
        Assert.Equal(3UL, (par >> 7) & 3); // SH
    }
}
