using Armvisor.Arm64;

namespace Armvisor.Devices.Tests.Gic;

public class GicV3DistributorTests
{
    [Fact]
    public void Typer_ItLinesNumber_CoversConfiguredSpis()
    {
        var fixture = new GicFixture();

        ulong typer = fixture.Gicd(0x4);

        Assert.Equal((32UL + GicFixture.SpiCount) / 32 - 1, typer & 0x1F);
        Assert.Equal(9UL, (typer >> 19) & 0x1F);   // IDbits: 10-bit INTIDs
        Assert.Equal(0UL, (typer >> 16) & 3);      // MBIS = 0, LPIS = 0
    }

    [Fact]
    public void Ctlr_AreAndDs_ReadAsOneAndEnablesStick()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0x0, 0x2);

        Assert.Equal(0x2UL | (1 << 4) | (1 << 6), fixture.Gicd(0x0));
    }

    [Fact]
    public void Pidr2_ArchRev_IsThree()
    {
        var fixture = new GicFixture();

        Assert.Equal(3UL, (fixture.Gicd(0xFFE8) >> 4) & 0xF);
    }

    [Fact]
    public void Ipriorityr_ByteWrite_KeepsImplementedBitsOnly()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0x400 + 41, 0xA7, AccessSize.Byte);

        Assert.Equal(0xA0UL, fixture.Gicd(0x400 + 41, AccessSize.Byte));
        Assert.Equal(0xA0UL << 8, fixture.Gicd(0x428));
    }

    [Fact]
    public void Isenabler_Icenabler_SetAndClearIndividualBits()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0x104, 0b1011);
        fixture.WriteGicd(0x184, 0b0010);

        Assert.Equal(0b1001UL, fixture.Gicd(0x104));
        Assert.Equal(0b1001UL, fixture.Gicd(0x184));
    }

    [Fact]
    public void Isenabler_SgiPpiWordInDistributor_IsRazWi()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0x100, 0xFFFF_FFFF);

        Assert.Equal(0UL, fixture.Gicd(0x100));
        Assert.Equal(0UL, fixture.Gicr(0, 0x1_0100));
    }

    [Fact]
    public void Icfgr_EdgeBit_ReadsBack()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0xC08, 0b10 << 2);   // INTID 33 edge

        Assert.Equal(0b10UL << 2, fixture.Gicd(0xC08));
    }

    [Fact]
    public void Irouter_WordWritesToBothHalves_ComposeAffinityAndIrm()
    {
        var fixture = new GicFixture();

        fixture.WriteGicd(0x6000 + 8 * 40, 0x8000_0201);
        fixture.WriteGicd(0x6000 + 8 * 40 + 4, 0x03);

        Assert.Equal(0x03_8000_0201UL, fixture.Gicd(0x6000 + 8 * 40, AccessSize.Doubleword));
    }

    [Fact]
    public void Isenabler_BeyondImplementedSpis_ReadsZero()
    {
        var fixture = new GicFixture();

        Assert.Equal(0UL, fixture.Gicd(0x100 + 4 * 20));
    }
}
