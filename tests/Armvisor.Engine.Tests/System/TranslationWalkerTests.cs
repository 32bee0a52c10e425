using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class TranslationWalkerTests
{
    private const ulong Va = 0x0000_0040_0060_3000;
    private const ulong Pa = 0x0000_0080_1234_5000;

    [Fact]
    public void Walk_FourLevelPage_TranslatesWithPageSize()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        TranslationResult r = f.System.Walker.Walk(Va + 0x123);
        Assert.False(r.IsFault);
        Assert.Equal(Pa + 0x123, r.OutputAddress);
        Assert.Equal(12, r.BlockSizeLog2);
        Assert.Equal(3, r.Level);
        Assert.True(r.Global);
        Assert.False(r.IsDevice);
        Assert.Equal((byte)0xFF, r.Attributes);
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 21)]
    public void Walk_Block_TranslatesWithBlockSize(int level, int sizeLog2)
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        ulong blockPa = 0x0000_0080_0000_0000;
        b.Map(Va, blockPa, leafLevel: level);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.Equal(sizeLog2, r.BlockSizeLog2);
        Assert.Equal(level, r.Level);
        Assert.Equal(blockPa | (Va & ((1UL << sizeLog2) - 1)), r.OutputAddress);
    }

    [Theory]
    [InlineData(0, FaultStatusCode.TranslationLevel0)]
    [InlineData(1, FaultStatusCode.TranslationLevel1)]
    [InlineData(2, FaultStatusCode.TranslationLevel2)]
    [InlineData(3, FaultStatusCode.TranslationLevel3)]
    public void Walk_InvalidDescriptorAtLevel_IsTranslationFaultAtThatLevel(int level, FaultStatusCode expected)
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        f.Store(b.EntryAddress(Va, level), 0);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.Equal(TranslationFault.Translation, r.Fault);
        Assert.Equal(expected, r.StatusCode);
    }

    [Fact]
    public void Walk_BlockAtLevel0_IsTranslationFaultLevel0()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        f.Store(b.EntryAddress(Va, 0), 0x0000_0080_0000_0000 | PageTableBuilder.Block | PageTableBuilder.Leaf);
        Assert.Equal(FaultStatusCode.TranslationLevel0, f.System.Walker.Walk(Va).StatusCode);
    }

    [Fact]
    public void Walk_ReservedEncodingAtLevel3_IsTranslationFaultLevel3()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        ulong leaf = b.Map(Va, Pa);
        f.Store(leaf, Pa | PageTableBuilder.Block | PageTableBuilder.Leaf);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.Equal(TranslationFault.Translation, r.Fault);
        Assert.Equal(FaultStatusCode.TranslationLevel3, r.StatusCode);
    }

    [Theory]
    [InlineData(1, FaultStatusCode.AccessFlagLevel1)]
    [InlineData(2, FaultStatusCode.AccessFlagLevel2)]
    [InlineData(3, FaultStatusCode.AccessFlagLevel3)]
    public void Walk_LeafWithoutAccessFlag_IsAccessFlagFault(int level, FaultStatusCode expected)
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, 0x0000_0080_0000_0000, leafLevel: level, leafBits: PageTableBuilder.NormalMemory);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.Equal(TranslationFault.AccessFlag, r.Fault);
        Assert.Equal(expected, r.StatusCode);
    }

    [Fact]
    public void Walk_TableBaseAbovePaSize_IsAddressSizeFaultLevel0()
    {
        (SystemFixture f, _) = Setup();
        f.Agent(SysReg.Ttbr0El1, 1UL << 41);
        Assert.Equal(FaultStatusCode.AddressSizeLevel0, f.System.Walker.Walk(Va).StatusCode);
    }

    [Fact]
    public void Walk_TableDescriptorAbovePaSize_IsAddressSizeFaultAtItsLevel()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        ulong entry = b.EntryAddress(Va, 1);
        f.TryReadDescriptor(entry, out ulong descriptor);
        f.Store(entry, descriptor | (1UL << 45));
        Assert.Equal(FaultStatusCode.AddressSizeLevel1, f.System.Walker.Walk(Va).StatusCode);
    }

    [Fact]
    public void Walk_OutputAboveIps_IsAddressSizeFaultAtLeafLevel()
    {
        (SystemFixture f, PageTableBuilder b) = Setup(PageTableBuilder.Tcr48 & ~(7UL << 32)); // IPS = 32 bits
        b.Map(Va, 0x1_0000_0000);
        Assert.Equal(FaultStatusCode.AddressSizeLevel3, f.System.Walker.Walk(Va).StatusCode);
    }

    [Fact]
    public void Walk_Ttbr1Region_UsesTtbr1()
    {
        (SystemFixture f, _) = Setup();
        const ulong kernelVa = 0xFFFF_8000_1020_0000;
        var upper = new PageTableBuilder(f, 0x20_0000);
        upper.Map(kernelVa, 0x4020_0000);
        f.Agent(SysReg.Ttbr1El1, 0x20_0000);
        TranslationResult r = f.System.Walker.Walk(kernelVa + 8);
        Assert.False(r.IsFault);
        Assert.Equal(0x4020_0008UL, r.OutputAddress);
    }

    [Fact]
    public void Walk_VaOutsideBothRanges_IsTranslationFaultLevel0()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        Assert.Equal(FaultStatusCode.TranslationLevel0, f.System.Walker.Walk(Va | (1UL << 50)).StatusCode);
    }

    [Fact]
    public void Walk_TaggedAddress_IsIgnoredOnlyWithTbi()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        const ulong tagged = Va | (0x5AUL << 56);
        Assert.Equal(FaultStatusCode.TranslationLevel0, f.System.Walker.Walk(tagged).StatusCode);
        f.Agent(SysReg.TcrEl1, PageTableBuilder.Tcr48 | (1UL << 37));
        TranslationResult r = f.System.Walker.Walk(tagged);
        Assert.False(r.IsFault);
        Assert.Equal(Pa, r.OutputAddress);
    }

    [Fact]
    public void Walk_Epd0_IsTranslationFaultLevel0()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        f.Agent(SysReg.TcrEl1, PageTableBuilder.Tcr48 | (1UL << 7));
        Assert.Equal(FaultStatusCode.TranslationLevel0, f.System.Walker.Walk(Va).StatusCode);
    }

    [Fact]
    public void Walk_39BitInput_StartsAtLevel1()
    {
        const ulong tcr39 = 25 | (25UL << 16) | (0b10UL << 30) | (0b010UL << 32);
        (SystemFixture f, PageTableBuilder b) = Setup(tcr39);
        const ulong va = 0x0000_0040_0060_3000 & ((1UL << 39) - 1);
        b.Map(va, Pa, startLevel: 1);
        TranslationResult r = f.System.Walker.Walk(va);
        Assert.False(r.IsFault);
        Assert.Equal(Pa, r.OutputAddress);
        Assert.Equal(FaultStatusCode.TranslationLevel0, f.System.Walker.Walk(1UL << 40).StatusCode);
    }

    [Fact]
    public void Walk_DescriptorOutsideRam_IsStage2FaultOnWalk()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        ulong entry = b.EntryAddress(Va, 2);
        f.Holes.Add(entry);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.Equal(TranslationFault.Stage2OnWalk, r.Fault);
        Assert.True(r.StageOneWalk);
        Assert.Equal(entry, r.WalkAddress);
        Assert.Equal(2, r.Level);
    }

    [Fact]
    public void Walk_NotGlobal_TagsWithAsidFromSelectedTtbr()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | PageTableBuilder.NotGlobal);
        f.Agent(SysReg.Ttbr0El1, 0x1234_0000_0000_0000 | b.Root);
        f.Agent(SysReg.Ttbr1El1, 0xABCD_0000_0000_0000);
        TranslationResult r = f.System.Walker.Walk(Va);
        Assert.False(r.Global);
        Assert.Equal((ushort)0x34, r.Asid); // TCR_EL1.AS = 0: 8-bit ASID
        f.Agent(SysReg.TcrEl1, PageTableBuilder.Tcr48 | (1UL << 36) | (1UL << 22)); // AS = 1, A1 = 1
        Assert.Equal((ushort)0xABCD, f.System.Walker.Walk(Va).Asid);
    }

    [Theory]
    // AP[2:1]: 00 EL1 RW; 01 EL0+EL1 RW; 10 EL1 RO; 11 EL0+EL1 RO (DDI0487 D8.4.1, Table "Data access permissions").
    [InlineData(0UL, PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El1Execute | PagePermissions.El0Execute)]
    [InlineData(PageTableBuilder.El0Access, PagePermissions.El1Read | PagePermissions.El1Write | PagePermissions.El0Read
        | PagePermissions.El0Write | PagePermissions.El0Execute)]
    [InlineData(PageTableBuilder.ReadOnly, PagePermissions.El1Read | PagePermissions.El1Execute | PagePermissions.El0Execute)]
    [InlineData(PageTableBuilder.ReadOnly | PageTableBuilder.El0Access, PagePermissions.El1Read | PagePermissions.El1Execute
        | PagePermissions.El0Read | PagePermissions.El0Execute)]
    [InlineData(PageTableBuilder.Uxn | PageTableBuilder.Pxn, PagePermissions.El1Read | PagePermissions.El1Write)]
    public void Walk_AccessPermissions_MatchArmTable(ulong bits, PagePermissions expected)
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | bits);
        Assert.Equal(expected, f.System.Walker.Walk(Va).Permissions);
    }

    [Fact]
    public void Walk_Wxn_MakesWritableMemoryExecuteNever()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | PageTableBuilder.El0Access);
        f.Agent(SysReg.SctlrEl1, 1 | (1UL << 19));
        PagePermissions p = f.System.Walker.Walk(Va).Permissions;
        Assert.Equal(PagePermissions.None, p & (PagePermissions.El0Execute | PagePermissions.El1Execute));
    }

    [Fact]
    public void Walk_TableAttributes_RestrictLowerLevels()
    {
        const ulong apTableNoEl0 = 1UL << 61;
        const ulong apTableReadOnly = 1UL << 62;
        const ulong uxnTable = 1UL << 60;
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | PageTableBuilder.El0Access, tableBits: apTableNoEl0 | apTableReadOnly | uxnTable);
        PagePermissions p = f.System.Walker.Walk(Va).Permissions;
        Assert.Equal(PagePermissions.El1Read | PagePermissions.El1Execute, p);
    }

    [Fact]
    public void Translate_PermissionFault_ReportsLeafLevel()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, 0x0000_0080_0000_0000, leafLevel: 2);
        f.Cpu.CurrentEl = 0;
        TranslationResult r = f.System.Walker.Translate(f.Cpu, Va, MemoryAccessKind.Read);
        Assert.Equal(TranslationFault.Permission, r.Fault);
        Assert.Equal(FaultStatusCode.PermissionLevel2, r.StatusCode);
    }

    [Fact]
    public void Translate_Pan_BlocksPrivilegedDataAccessToEl0Memory()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | PageTableBuilder.El0Access | PageTableBuilder.ReadOnly);
        f.Cpu.Pan = true;
        Assert.Equal(FaultStatusCode.PermissionLevel3, f.System.Walker.Translate(f.Cpu, Va, MemoryAccessKind.Read).StatusCode);
        Assert.False(f.System.Walker.Translate(f.Cpu, Va, MemoryAccessKind.Read, unprivilegedInstruction: true).IsFault);
        Assert.False(f.System.Walker.Translate(f.Cpu, Va, MemoryAccessKind.Execute).IsFault);
        f.Cpu.Pan = false;
        Assert.False(f.System.Walker.Translate(f.Cpu, Va, MemoryAccessKind.Read).IsFault);
    }

    [Fact]
    public void Walk_StageOneOff_IsFlatDeviceForDataAndNormalForFetch()
    {
        var f = new SystemFixture();
        TranslationResult data = f.System.Walker.Walk(0x0900_0000);
        Assert.Equal(0x0900_0000UL, data.OutputAddress);
        Assert.True(data.IsDevice);
        Assert.False(f.System.Walker.Walk(0x4000_0000, instructionFetch: true).IsDevice);
        Assert.Equal(FaultStatusCode.AddressSizeLevel0, f.System.Walker.Walk(1UL << 40).StatusCode);
    }

    [Fact]
    public void Walk_HcrDc_MakesStageOneOffNormalMemory()
    {
        var f = new SystemFixture();
        f.Agent(SysReg.HcrEl2, 1UL << 12);
        Assert.False(f.System.Walker.Walk(0x4000_0000).IsDevice);
    }

    [Fact]
    public void Walk_DeviceAttributeIndex_IsDevice()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.AccessFlag); // AttrIndx 0: Device-nGnRnE
        Assert.True(f.System.Walker.Walk(Va).IsDevice);
    }

    [Fact]
    public void AddressTranslate_Success_WritesParWithPaAndAttributes()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        f.System.Walker.AddressTranslate(SystemOperation.AddressTranslateS1E1R, Va + 0x10);
        // ATTR 0xFF, PA[47:12], bit 11 RES1, NS, SH = 0b11 inner shareable, F = 0.
        Assert.Equal(0xFF00_0080_1234_5000UL | (1UL << 11) | (1UL << 9) | (0b11UL << 7), f.Registers.ParEl1);
    }

    [Fact]
    public void AddressTranslate_El0OfEl1Page_WritesPermissionFault()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        f.System.Walker.AddressTranslate(SystemOperation.AddressTranslateS1E0R, Va);
        Assert.Equal(1UL | ((ulong)FaultStatusCode.PermissionLevel3 << 1) | (1UL << 11), f.Registers.ParEl1);
    }

    [Fact]
    public void AddressTranslate_IgnoresPan()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa, leafBits: PageTableBuilder.Leaf | PageTableBuilder.El0Access);
        f.Cpu.Pan = true;
        Assert.False(f.System.Walker.AddressTranslate(SystemOperation.AddressTranslateS1E1W, Va).IsFault);
        Assert.Equal(0UL, f.Registers.ParEl1 & 1);
    }

    [Fact]
    public void AddressTranslate_Stage2FaultOnWalk_LeavesParUnchanged()
    {
        (SystemFixture f, PageTableBuilder b) = Setup();
        b.Map(Va, Pa);
        f.Registers.ParEl1 = 0x77;
        f.Holes.Add(b.EntryAddress(Va, 0));
        Assert.True(f.System.Walker.AddressTranslate(SystemOperation.AddressTranslateS1E1R, Va).StageOneWalk);
        Assert.Equal(0x77UL, f.Registers.ParEl1);
    }

    private static (SystemFixture Fixture, PageTableBuilder Builder) Setup(ulong tcr = PageTableBuilder.Tcr48)
    {
        var f = new SystemFixture();
        var b = new PageTableBuilder(f, 0x10_0000, tcr);
        f.Agent(SysReg.Ttbr0El1, b.Root);
        return (f, b);
    }
}
