using Armvisor.Arm64;
using Armvisor.Devices.Gic;

namespace Armvisor.Devices.Tests.Gic;

/// <summary>Acknowledge, priority drop, deactivation, masking and preemption (IHI0069 §4.1, §4.8).</summary>
public class GicV3CpuInterfaceTests
{
    private const int Spi = 40;
    private const int OtherSpi = 41;

    [Fact]
    public void Iar1_EnabledLevelSpiAbovePmr_ReturnsIntidAndMakesItActive()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        Assert.True(fixture.Irq[0].Level);

        ulong intid = fixture.Cpu(0).Read(IccRegister.Iar1);

        Assert.Equal((ulong)Spi, intid);
        Assert.True(fixture.IsActive(Spi));
        Assert.False(fixture.Irq[0].Level);
        Assert.Equal(0x80UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void Iar1_NothingPending_ReturnsSpurious1023()
    {
        var fixture = new GicFixture().Enabled();

        Assert.Equal((ulong)GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Fact]
    public void Iar1_DisabledInterrupt_IsNotSignalled()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.WriteGicd(0x180 + 4, 1UL << (Spi % 32));

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.False(fixture.Irq[0].Level);
        Assert.Equal((ulong)GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Fact]
    public void Iar1_Igrpen1Clear_ReturnsSpuriousAndNoIrq()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Cpu(0).Write(IccRegister.Igrpen1, 0);

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.False(fixture.Irq[0].Level);
        Assert.Equal((ulong)GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Fact]
    public void LevelSpi_LineDroppedBeforeAcknowledge_IsNoLongerPending()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);

        fixture.Gic.SetSpiLevel(Spi, false);

        Assert.False(fixture.IsPending(Spi));
        Assert.False(fixture.Irq[0].Level);
    }

    [Fact]
    public void EdgeSpi_PulseEndedBeforeAcknowledge_StaysPending()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80, edge: true);

        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Gic.SetSpiLevel(Spi, false);

        Assert.True(fixture.IsPending(Spi));
        Assert.Equal((ulong)Spi, fixture.Cpu(0).Read(IccRegister.Iar1));
        Assert.False(fixture.IsPending(Spi));
    }

    [Fact]
    public void LevelSpi_StillAssertedAfterEoi_IsSignalledAgain()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);
        Assert.True(fixture.IsPending(Spi));   // active and pending: the line is still high

        fixture.Cpu(0).Write(IccRegister.Eoir1, Spi);

        Assert.False(fixture.IsActive(Spi));
        Assert.True(fixture.Irq[0].Level);
    }

    [Theory]
    [InlineData(0x80, 0x80, false)]   // priority must be strictly higher (numerically lower) than PMR
    [InlineData(0x80, 0x88, true)]
    [InlineData(0x20, 0x60, true)]    // Linux pseudo-NMI priority through GIC_PRIO_IRQOFF
    [InlineData(0xA0, 0x60, false)]   // a regular Linux interrupt is masked by GIC_PRIO_IRQOFF
    [InlineData(0xA0, 0xE0, true)]    // ... and unmasked by GIC_PRIO_IRQON
    public void Pmr_PriorityNotHigherThanMask_IsMasked(byte priority, byte pmr, bool signalled)
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, priority);
        fixture.Cpu(0).Write(IccRegister.Pmr, pmr);

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.Equal(signalled, fixture.Irq[0].Level);
        Assert.Equal(signalled ? (ulong)Spi : GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Theory]
    [InlineData(0xFF, 0xF8)]
    [InlineData(0x08, 0x08)]   // Linux gic_has_group0(): BIT(8 - pribits) reads back non-zero
    [InlineData(0x07, 0x00)]
    public void Pmr_Write_KeepsOnlyImplementedPriorityBits(byte written, byte read)
    {
        var fixture = new GicFixture();

        fixture.Cpu(0).Write(IccRegister.Pmr, written);

        Assert.Equal(read, fixture.Cpu(0).Read(IccRegister.Pmr));
    }

    [Fact]
    public void Ctlr_PriBits_ReportsFiveBitsAndEoiModeSticks()
    {
        var fixture = new GicFixture();

        fixture.Cpu(0).Write(IccRegister.Ctlr, 0b10);
        ulong ctlr = fixture.Cpu(0).Read(IccRegister.Ctlr);

        Assert.Equal(4UL, (ctlr >> 8) & 7);      // PRIbits = 5 - 1
        Assert.Equal(0UL, (ctlr >> 11) & 7);     // IDbits = 16 bits
        Assert.Equal(1UL, (ctlr >> 15) & 1);     // A3V
        Assert.Equal(1UL, (ctlr >> 1) & 1);      // EOImode
    }

    [Theory]
    [InlineData(IccRegister.Bpr0, 0, 2)]   // minimum BPR0 with 5 priority bits
    [InlineData(IccRegister.Bpr1, 0, 3)]   // minimum Non-secure BPR1 = minimum BPR0 + 1
    [InlineData(IccRegister.Bpr1, 5, 5)]
    public void Bpr_WriteBelowMinimum_ReadsMinimum(IccRegister register, byte written, byte read)
    {
        var fixture = new GicFixture();

        fixture.Cpu(0).Write(register, written);

        Assert.Equal(read, fixture.Cpu(0).Read(register));
    }

    [Fact]
    public void Bpr1_WithCbpr_ReadsBpr0PlusOneAndIgnoresWrites()
    {
        var fixture = new GicFixture();
        fixture.Cpu(0).Write(IccRegister.Bpr0, 4);
        fixture.Cpu(0).Write(IccRegister.Ctlr, 1);

        fixture.Cpu(0).Write(IccRegister.Bpr1, 7);

        Assert.Equal(5UL, fixture.Cpu(0).Read(IccRegister.Bpr1));
    }

    [Theory]
    // Active group priority 0x48; a pending 0x40 preempts only if its group priority is higher (IHI0069 §4.8.3):
    // BPR1 = 3 -> group priority [7:3]: 0x40 < 0x48, preempts.
    // BPR1 = 4 -> group priority [7:4]: 0x40 == 0x40, same group, no preemption.
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void Preemption_Bpr1Value_DecidesByGroupPriority(byte bpr1, bool preempts)
    {
        var fixture = new GicFixture().Enabled();
        fixture.Cpu(0).Write(IccRegister.Bpr1, bpr1);
        fixture.ConfigureSpi(Spi, 0x48);
        fixture.ConfigureSpi(OtherSpi, 0x40);
        fixture.Gic.SetSpiLevel(Spi, true);
        Assert.Equal((ulong)Spi, fixture.Cpu(0).Read(IccRegister.Iar1));

        fixture.Gic.SetSpiLevel(OtherSpi, true);

        Assert.Equal(preempts, fixture.Irq[0].Level);
        Assert.Equal(preempts ? (ulong)OtherSpi : GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Theory]
    // Group 0 uses ICC_BPR0_EL1 with group priority [7:BPR0+1]: BPR0 = 2 -> [7:3] preempts; BPR0 = 3 -> [7:4] does not.
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Preemption_Group0_UsesBpr0PlusOne(byte bpr0, bool preempts)
    {
        var fixture = new GicFixture().Enabled();
        fixture.Cpu(0).Write(IccRegister.Bpr0, bpr0);
        fixture.ConfigureSpi(Spi, 0x48, group1: false);
        fixture.ConfigureSpi(OtherSpi, 0x40, group1: false);
        fixture.Gic.SetSpiLevel(Spi, true);
        Assert.Equal((ulong)Spi, fixture.Cpu(0).Read(IccRegister.Iar0));

        fixture.Gic.SetSpiLevel(OtherSpi, true);

        Assert.Equal(preempts, fixture.Fiq[0].Level);
    }

    [Fact]
    public void Preemption_EqualPriority_DoesNotPreempt()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.ConfigureSpi(OtherSpi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        fixture.Gic.SetSpiLevel(OtherSpi, true);

        Assert.False(fixture.Irq[0].Level);
        Assert.Equal((ulong)OtherSpi, fixture.Cpu(0).Read(IccRegister.Hppir1));
    }

    [Fact]
    public void Iar1_TwoPending_HigherPriorityFirstThenLowerIntidOnTie()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x90);
        fixture.ConfigureSpi(OtherSpi, 0x80);
        fixture.ConfigureSpi(42, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Gic.SetSpiLevel(42, true);
        fixture.Gic.SetSpiLevel(OtherSpi, true);

        Assert.Equal((ulong)OtherSpi, fixture.Cpu(0).Read(IccRegister.Hppir1));
    }

    [Fact]
    public void Ap1r0_NestedAcknowledges_RecordEachGroupPriorityAndRprFollows()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x48);
        fixture.ConfigureSpi(OtherSpi, 0x20);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);
        fixture.Gic.SetSpiLevel(OtherSpi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        Assert.Equal((1UL << (0x48 >> 3)) | (1UL << (0x20 >> 3)), fixture.Cpu(0).Read(IccRegister.Ap1r0));
        Assert.Equal(0x20UL, fixture.Cpu(0).Read(IccRegister.Rpr));

        fixture.Cpu(0).Write(IccRegister.Eoir1, OtherSpi);

        Assert.Equal(1UL << (0x48 >> 3), fixture.Cpu(0).Read(IccRegister.Ap1r0));
        Assert.Equal(0x48UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void Ap1r0_WithCoarseBpr1_RecordsGroupPriorityNotFullPriority()
    {
        var fixture = new GicFixture().Enabled();
        fixture.Cpu(0).Write(IccRegister.Bpr1, 5);   // group priority [7:5]
        fixture.ConfigureSpi(Spi, 0x78);
        fixture.Gic.SetSpiLevel(Spi, true);

        fixture.Cpu(0).Read(IccRegister.Iar1);

        Assert.Equal(1UL << (0x60 >> 3), fixture.Cpu(0).Read(IccRegister.Ap1r0));
        Assert.Equal(0x60UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void Rpr_Idle_ReadsFF()
    {
        var fixture = new GicFixture();

        Assert.Equal(0xFFUL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void Eoir1_EoiMode0_DropsPriorityAndDeactivates()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80, edge: true);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        fixture.Cpu(0).Write(IccRegister.Eoir1, Spi);

        Assert.False(fixture.IsActive(Spi));
        Assert.Equal(0xFFUL, fixture.Cpu(0).Read(IccRegister.Rpr));
        Assert.Equal(0UL, fixture.Cpu(0).Read(IccRegister.Ap1r0));
    }

    [Fact]
    public void Eoir1_EoiMode1_DropsPriorityButLeavesActiveUntilDir()
    {
        var fixture = new GicFixture().Enabled();
        fixture.Cpu(0).Write(IccRegister.Ctlr, 0b10);
        fixture.ConfigureSpi(Spi, 0x80, edge: true);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        fixture.Cpu(0).Write(IccRegister.Eoir1, Spi);

        Assert.Equal(0xFFUL, fixture.Cpu(0).Read(IccRegister.Rpr));
        Assert.True(fixture.IsActive(Spi));

        fixture.Cpu(0).Write(IccRegister.Dir, Spi);

        Assert.False(fixture.IsActive(Spi));
    }

    [Fact]
    public void Dir_EoiMode0_IsIgnored()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        fixture.Cpu(0).Write(IccRegister.Dir, Spi);

        Assert.True(fixture.IsActive(Spi));
    }

    [Fact]
    public void EoiMode1_ActiveAfterDrop_BlocksSameInterruptButNotOthers()
    {
        var fixture = new GicFixture().Enabled();
        fixture.Cpu(0).Write(IccRegister.Ctlr, 0b10);
        fixture.ConfigureSpi(Spi, 0x80, edge: true);
        fixture.ConfigureSpi(OtherSpi, 0x90, edge: true);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);
        fixture.Cpu(0).Write(IccRegister.Eoir1, Spi);
        fixture.Gic.SetSpiLevel(Spi, false);
        fixture.Gic.SetSpiLevel(Spi, true);       // pending again while still active
        fixture.Gic.SetSpiLevel(OtherSpi, true);

        Assert.Equal((ulong)OtherSpi, fixture.Cpu(0).Read(IccRegister.Iar1));
    }

    [Fact]
    public void Eoir1_SpuriousIntid_IsIgnored()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);

        fixture.Cpu(0).Write(IccRegister.Eoir1, GicIntid.Spurious);

        Assert.Equal(0x80UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void Hppir_Group0Interrupt_SignalsFiqAndIsInvisibleToIar1()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80, group1: false);

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.True(fixture.Fiq[0].Level);
        Assert.False(fixture.Irq[0].Level);
        Assert.Equal((ulong)GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Iar1));
        Assert.Equal((ulong)GicIntid.Spurious, fixture.Cpu(0).Read(IccRegister.Hppir1));
        Assert.Equal((ulong)Spi, fixture.Cpu(0).Read(IccRegister.Hppir0));
        Assert.Equal((ulong)Spi, fixture.Cpu(0).Read(IccRegister.Iar0));
    }

    [Fact]
    public void Irouter_AffinityOfSecondPe_DeliversOnlyThere()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80, router: 1);

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.False(fixture.Irq[0].Level);
        Assert.True(fixture.Irq[1].Level);
        Assert.Equal((ulong)Spi, fixture.Cpu(1).Read(IccRegister.Iar1));
    }

    [Fact]
    public void Irouter_Irm_DeliversToAnAwakePe()
    {
        var fixture = new GicFixture().Enabled();
        fixture.WriteGicr(0, 0x14, 0b10);   // PE 0 goes to sleep
        fixture.ConfigureSpi(Spi, 0x80, router: 1UL << 31);

        fixture.Gic.SetSpiLevel(Spi, true);

        Assert.False(fixture.Irq[0].Level);
        Assert.True(fixture.Irq[1].Level);
    }

    [Fact]
    public void Sgi1r_TargetListByAffinity_PendsOnTargetOnly()
    {
        var fixture = new GicFixture(cpuCount: 3).Enabled();
        for (int cpu = 0; cpu < 3; cpu++)
        {
            fixture.ConfigurePrivate(cpu, 5, 0x80);
        }

        fixture.Cpu(0).Write(IccRegister.Sgi1r, (5UL << 24) | 0b100);   // INTID 5 to Aff0 = 2

        Assert.Equal([false, false, true], fixture.Irq.Select(l => l.Level));
        Assert.Equal(5UL, fixture.Cpu(2).Read(IccRegister.Iar1));
    }

    [Fact]
    public void Sgi1r_Irm_PendsOnAllButSelf()
    {
        var fixture = new GicFixture(cpuCount: 3).Enabled();
        for (int cpu = 0; cpu < 3; cpu++)
        {
            fixture.ConfigurePrivate(cpu, 1, 0x80);
        }

        fixture.Cpu(1).Write(IccRegister.Sgi1r, (1UL << 24) | (1UL << 40));

        Assert.Equal([true, false, true], fixture.Irq.Select(l => l.Level));
    }

    [Fact]
    public void Sgi1r_OtherCluster_PendsOnlyWhenAff1Matches()
    {
        var fixture = new GicFixture(cpuCount: 2, mpidrOf: i => (ulong)i << 8).Enabled();   // PE1 is Aff1 = 1, Aff0 = 0
        fixture.ConfigurePrivate(1, 3, 0x80);

        fixture.Cpu(0).Write(IccRegister.Sgi1r, (3UL << 24) | 1);                 // Aff1 = 0, Aff0 = 0: PE0 itself
        Assert.False(fixture.Irq[1].Level);

        fixture.Cpu(0).Write(IccRegister.Sgi1r, (3UL << 24) | (1UL << 16) | 1);   // Aff1 = 1, Aff0 = 0
        Assert.True(fixture.Irq[1].Level);
    }

    [Fact]
    public void Sgi0r_Group1Sgi_IsNotGenerated()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigurePrivate(1, 2, 0x80);

        fixture.Cpu(0).Write(IccRegister.Sgi0r, (2UL << 24) | 0b10);

        Assert.False(fixture.Irq[1].Level);
        Assert.False(fixture.Fiq[1].Level);
    }

    [Fact]
    public void TryReadSystemRegister_WriteOnlyEoir1_IsUndefined()
    {
        var fixture = new GicFixture();

        Assert.False(fixture.Cpu(0).TryReadSystemRegister(IccRegisterTable.EncodingOf(IccRegister.Eoir1), out _));
    }

    [Fact]
    public void TryReadSystemRegister_Ap1r1WithFiveBits_IsUndefined()
    {
        var fixture = new GicFixture();

        Assert.False(fixture.Cpu(0).TryReadSystemRegister(new SystemRegisterEncoding(3, 0, 12, 9, 1), out _));
    }

    [Fact]
    public void TryReadSystemRegister_Sre_ReadsSreDfbDibSet()
    {
        var fixture = new GicFixture();

        Assert.True(fixture.Cpu(0).TryReadSystemRegister(new SystemRegisterEncoding(3, 0, 12, 12, 5), out ulong sre));
        Assert.Equal(7UL, sre);
    }

    [Fact]
    public void TryWriteSystemRegister_PmrEncoding_UpdatesPmr()
    {
        var fixture = new GicFixture();

        Assert.True(fixture.Cpu(0).TryWriteSystemRegister(new SystemRegisterEncoding(3, 0, 4, 6, 0), 0xF0));

        Assert.Equal(0xF0UL, fixture.Cpu(0).Read(IccRegister.Pmr));
    }

    [Fact]
    public void SetPending_PseudoNmiWhileIrqOff_PreemptsActiveRegularInterrupt()
    {
        // Linux pseudo-NMI: a regular interrupt (0xA0) is active, PMR = GIC_PRIO_IRQOFF (0x60); an NMI at 0x20 still
        // gets through and ICC_RPR_EL1 then reports the NMI priority (linux-platform.md §5).
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0xA0);
        fixture.ConfigureSpi(OtherSpi, 0x20, edge: true);
        fixture.Gic.SetSpiLevel(Spi, true);
        fixture.Cpu(0).Read(IccRegister.Iar1);
        fixture.Cpu(0).Write(IccRegister.Pmr, 0x60);

        fixture.Gic.SetPending(OtherSpi);

        Assert.True(fixture.Irq[0].Level);
        Assert.Equal((ulong)OtherSpi, fixture.Cpu(0).Read(IccRegister.Iar1));
        Assert.Equal(0x20UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void SetPending_UnimplementedIntid_Throws()
    {
        var fixture = new GicFixture();

        Assert.Throws<ArgumentOutOfRangeException>(() => fixture.Gic.SetPending(32 + GicFixture.SpiCount));
    }

    [Fact]
    public void Reset_AfterActivity_LowersOutputsAndClearsState()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigureSpi(Spi, 0x80);
        fixture.Gic.SetSpiLevel(Spi, true);

        fixture.Gic.Reset();

        Assert.False(fixture.Irq[0].Level);
        Assert.Equal(0UL, fixture.Cpu(0).Read(IccRegister.Pmr));
        Assert.Equal(0UL, fixture.Gicd(0x0) & 3);
    }
}
