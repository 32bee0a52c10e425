using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests.AArch32;

/// <summary>The VMSAv7 short-descriptor walk on its own (DDI0487 G5.5), with descriptors in a dictionary.</summary>
public class ShortDescriptorWalkerTests
{
    private const uint Ttbr = 0x4000_4000;
    private const uint L2 = 0x4000_8000;
    private const uint MmuOn = 1;

    private sealed class Tables : IPageTableReader
    {
        public Dictionary<ulong, uint> Words { get; } = [];

        public bool TryReadDescriptor(ulong address, out ulong descriptor)
        {
            descriptor = Words.GetValueOrDefault(address) | ((ulong)Words.GetValueOrDefault(address + 4) << 32);
            return address >= 0x4000_0000;
        }
    }

    private static ShortDescriptorRegisters Regs(uint dacr = 0x5555_5555, uint ttbcr = 0, uint sctlr = MmuOn, uint ttbr0 = Ttbr) =>
        new(sctlr, ttbcr, ttbr0, 0x4001_0000, dacr, 0, 0);

    [Fact]
    public void Section_MapsMegabyteWithDomainAndAp()
    {
        var t = new Tables();
        t.Words[Ttbr + (0x801 * 4)] = 0x4020_0000 | (3u << 10) | (5u << 5) | 0x2; // domain 5, AP=011
        ShortDescriptorResult r = new ShortDescriptorWalker(t).Walk(0x8012_3456, Regs());

        Assert.Equal(ShortDescriptorFault.None, r.Fault);
        Assert.Equal(0x4022_3456UL, r.OutputAddress);
        Assert.Equal(5u, r.Domain);
        Assert.Equal(3u, r.AccessPermissions);
        Assert.False(r.Manager);
    }

    [Fact]
    public void Supersection_TakesPaBits39To32FromTheDescriptor()
    {
        var t = new Tables();
        for (uint i = 0; i < 16; i++)
        {
            // A supersection is repeated in 16 consecutive first-level entries.
            t.Words[Ttbr + ((0x810 + i) * 4)] = 0x4100_0000 | (1u << 18) | (0x3u << 20) | (0x2u << 5) | (3u << 10) | 0x2;
        }

        ShortDescriptorResult r = new ShortDescriptorWalker(t).Walk(0x8123_4567, Regs());

        Assert.Equal(0x23_4123_4567UL, r.OutputAddress); // PA[35:32] = 3, PA[39:36] = 2
        Assert.Equal(0u, r.Domain);
    }

    [Fact]
    public void SmallAndLargePages_ThroughThePageTable()
    {
        var t = new Tables();
        t.Words[Ttbr + (0x801 * 4)] = L2 | (2u << 5) | 0x1;
        t.Words[L2 + (0x03 * 4)] = 0x4030_0000 | (1u << 9) | (1u << 4) | 0x2 | 0x1; // small, AP=101, XN
        for (uint i = 0; i < 16; i++)
        {
            t.Words[L2 + ((0x10 + i) * 4)] = 0x4040_0000 | (3u << 4) | 0x1; // large (repeated 16 times), AP=011
        }

        var walker = new ShortDescriptorWalker(t);

        ShortDescriptorResult small = walker.Walk(0x8010_3ABC, Regs());
        Assert.Equal(0x4030_0ABCUL, small.OutputAddress);
        Assert.Equal(5u, small.AccessPermissions);
        Assert.True(small.ExecuteNever);
        Assert.Equal(2u, small.Domain);

        ShortDescriptorResult large = walker.Walk(0x8011_F123, Regs());
        Assert.Equal(0x4040_F123UL, large.OutputAddress);
    }

    [Theory]
    [InlineData(0x5555_5554u, true)] // domain 0 no access
    [InlineData(0x5555_5557u, false)] // domain 0 manager
    public void Dacr_NoAccessIsADomainFaultManagerSkipsPermissions(uint dacr, bool domainFault)
    {
        ShortDescriptorFault fault = domainFault ? ShortDescriptorFault.Domain : ShortDescriptorFault.None;
        var t = new Tables();
        t.Words[Ttbr + (0x800 * 4)] = 0x4020_0000 | (1u << 15) | (1u << 10) | 0x2; // domain 0, AP=101 (PL1 RO)
        ShortDescriptorResult r = new ShortDescriptorWalker(t).Walk(0x8000_0000, Regs(dacr));

        Assert.Equal(fault, r.Fault);
        if (fault == ShortDescriptorFault.None)
        {
            Assert.True(ShortDescriptorPermissions.Evaluate(r, accessFlagEnabled: false, unprivileged: true).Write);
        }
    }

    [Fact]
    public void Permissions_ApModelsForPl1AndPl0()
    {
        var readOnlyPl1 = new ShortDescriptorResult(ShortDescriptorFault.None, 1, 0, 0, 0b101, false, false, false, false, 0);
        Assert.Equal((true, false, true), ShortDescriptorPermissions.Evaluate(readOnlyPl1, false, unprivileged: false));
        Assert.Equal((false, false, false), ShortDescriptorPermissions.Evaluate(readOnlyPl1, false, unprivileged: true));
        var userRead = readOnlyPl1 with { AccessPermissions = 0b010, PrivilegedExecuteNever = true };
        Assert.Equal((true, true, false), ShortDescriptorPermissions.Evaluate(userRead, false, unprivileged: false));
        Assert.Equal((true, false, true), ShortDescriptorPermissions.Evaluate(userRead, false, unprivileged: true));
    }

    [Fact]
    public void AccessFlag_WithAfeAndApZeroClear_FaultsBeforeTheDomainCheck()
    {
        var t = new Tables();
        t.Words[Ttbr + (0x800 * 4)] = 0x4020_0000 | (2u << 10) | 0x2; // AP=010: AP[0] = 0
        ShortDescriptorResult r = new ShortDescriptorWalker(t).Walk(0x8000_0000, Regs(dacr: 0, sctlr: MmuOn | (1u << 29)));

        Assert.Equal(ShortDescriptorFault.AccessFlag, r.Fault);
    }

    [Fact]
    public void TtbcrN_SplitsTtbr0AndTtbr1_Pd1Faults()
    {
        var t = new Tables();
        t.Words[0x4001_0000 + (0xC00 * 4)] = 0x4050_0000 | (3u << 10) | 0x2; // TTBR1 table, entry for 0xC00xxxxx
        var walker = new ShortDescriptorWalker(t);

        Assert.Equal(0x4050_0010UL, walker.Walk(0xC000_0010, Regs(ttbcr: 1)).OutputAddress);
        Assert.Equal(ShortDescriptorFault.Translation, walker.Walk(0xC000_0010, Regs(ttbcr: 1 | (1u << 5))).Fault);
        Assert.Equal(ShortDescriptorFault.Translation, walker.Walk(0x1000_0000, Regs(ttbcr: 1)).Fault); // TTBR0 entry empty

        // N = 1: the TTBR0 table is 8 KB (base TTBR0[31:13], index VA[30:20]), also above 2 GB.
        t.Words[0x8000_2000 + (0x100 * 4)] = 0x4060_0000 | (3u << 10) | 0x2;
        Assert.Equal(0x4060_0020UL, walker.Walk(0x1000_0020, Regs(ttbcr: 1, ttbr0: 0x8000_2000)).OutputAddress);
    }
}
