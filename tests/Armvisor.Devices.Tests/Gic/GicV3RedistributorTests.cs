using Armvisor.Arm64;
using Armvisor.Devices.Gic;

namespace Armvisor.Devices.Tests.Gic;

public class GicV3RedistributorTests
{
    [Fact]
    public void Typer_LastBit_SetOnlyOnLastRedistributor()
    {
        var fixture = new GicFixture(cpuCount: 3);

        Assert.Equal([0UL, 0UL, 1UL], Enumerable.Range(0, 3).Select(cpu => (fixture.Gicr(cpu, 0x8, AccessSize.Doubleword) >> 4) & 1));
    }

    [Fact]
    public void Typer_Affinity_MatchesMpidr()
    {
        var fixture = new GicFixture(cpuCount: 2, mpidrOf: i => 0x01_0002_0300UL + (ulong)i);

        ulong typer = fixture.Gicr(1, 0x8, AccessSize.Doubleword);

        Assert.Equal(0x0102_0301UL, typer >> 32);
        Assert.Equal(1UL, (typer >> 8) & 0xFFFF);
    }

    [Fact]
    public void Waker_AtReset_ProcessorAndChildrenAsleep()
    {
        var fixture = new GicFixture();

        Assert.Equal(0b110UL, fixture.Gicr(0, 0x14));
    }

    [Fact]
    public void Waker_ClearProcessorSleep_ChildrenAsleepClears()
    {
        var fixture = new GicFixture();

        fixture.WriteGicr(0, 0x14, 0);

        Assert.Equal(0UL, fixture.Gicr(0, 0x14) & 0b110);
        Assert.Equal(0b110UL, fixture.Gicr(1, 0x14));
    }

    [Fact]
    public void Pidr2_ArchRev_IsThree()
    {
        var fixture = new GicFixture();

        Assert.Equal(3UL, (fixture.Gicr(1, 0xFFE8) >> 4) & 0xF);
    }

    [Fact]
    public void Region_SecondFrame_ReachesSecondRedistributor()
    {
        var fixture = new GicFixture(cpuCount: 2);

        ulong typer = fixture.Gic.RedistributorRegion.Read(GicV3Redistributor.FrameSize + 0x8, AccessSize.Doubleword);

        Assert.Equal(1UL, (typer >> 4) & 1);
        Assert.Equal(2 * GicV3Redistributor.FrameSize, fixture.Gic.RedistributorRegion.Size);
    }

    [Fact]
    public void Icfgr0_Sgis_AreAlwaysEdge()
    {
        var fixture = new GicFixture();

        fixture.WriteGicr(0, 0x1_0C00, 0);

        Assert.Equal(0xAAAA_AAAAUL, fixture.Gicr(0, 0x1_0C00));
    }

    [Fact]
    public void Ppi_PendingOnOneCpu_IsNotVisibleOnAnother()
    {
        var fixture = new GicFixture().Enabled();
        fixture.ConfigurePrivate(0, GicIntid.PhysicalTimerPpi, 0x80);
        fixture.ConfigurePrivate(1, GicIntid.PhysicalTimerPpi, 0x80);

        fixture.Gic.SetPpiLevel(0, GicIntid.PhysicalTimerPpi, true);

        Assert.True(fixture.Irq[0].Level);
        Assert.False(fixture.Irq[1].Level);
        Assert.Equal(1UL << 30, fixture.Gicr(0, 0x1_0200) & (1UL << 30));
    }
}
