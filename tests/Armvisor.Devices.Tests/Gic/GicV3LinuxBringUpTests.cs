using Armvisor.Arm64;
using Armvisor.Devices.Gic;

namespace Armvisor.Devices.Tests.Gic;

/// <summary>
/// The register sequence Linux's irq-gic-v3 driver performs at boot (gic_dist_init, gic_populate_rdist,
/// gic_enable_redist, gic_cpu_config, gic_cpu_sys_reg_init), then an IPI and a device interrupt, through registers only.
/// </summary>
public class GicV3LinuxBringUpTests
{
    private static readonly Func<int, ulong> s_mpidr = i => 0x8000_0000UL | (ulong)i;   // MPIDR_EL1 with RES1 bit 31

    private static GicFixture BootLikeLinux(int cpuCount)
    {
        var fixture = new GicFixture(cpuCount, s_mpidr);
        int spiWords = (int)((fixture.Gicd(0x4) & 0x1F) + 1);

        // gic_dist_init
        fixture.WriteGicd(0x0, 0);
        Assert.Equal(0UL, fixture.Gicd(0x0) & (1UL << 31));   // RWP
        for (int word = 1; word < spiWords; word++)
        {
            fixture.WriteGicd(0x80 + (ulong)(4 * word), 0xFFFF_FFFF);
            fixture.WriteGicd(0x380 + (ulong)(4 * word), 0xFFFF_FFFF);
            fixture.WriteGicd(0x180 + (ulong)(4 * word), 0xFFFF_FFFF);
        }

        for (int intid = 32; intid < 32 * spiWords; intid += 4)
        {
            fixture.WriteGicd(0x400 + (ulong)intid, 0xA0A0_A0A0);
        }

        for (int intid = 32; intid < 32 * spiWords; intid += 16)
        {
            fixture.WriteGicd(0xC00 + (ulong)(intid / 4), 0);
        }

        fixture.WriteGicd(0x0, (1 << 4) | (1 << 1) | 1);
        for (int intid = 32; intid < 32 + GicFixture.SpiCount; intid++)
        {
            fixture.WriteGicd(0x6000 + (ulong)(8 * intid), s_mpidr(0) & 0xFF_00FF_FFFF, AccessSize.Doubleword);
        }

        for (int cpu = 0; cpu < cpuCount; cpu++)
        {
            // gic_populate_rdist: walk the region in 128 KiB strides until GICR_TYPER.Last.
            int found = -1;
            for (int frame = 0; ; frame++)
            {
                var region = fixture.Gic.RedistributorRegion;
                Assert.Equal(3UL, (region.Read((ulong)frame * 0x2_0000 + 0xFFE8, AccessSize.Word) >> 4) & 0xF);
                ulong typer = region.Read((ulong)frame * 0x2_0000 + 0x8, AccessSize.Doubleword);
                if ((typer >> 32) == (s_mpidr(cpu) & 0xFF_FFFF))
                {
                    found = frame;
                }

                if ((typer & (1 << 4)) != 0)
                {
                    break;
                }
            }

            Assert.Equal(cpu, found);

            // gic_enable_redist
            fixture.WriteGicr(cpu, 0x14, fixture.Gicr(cpu, 0x14) & ~0b10UL);
            Assert.Equal(0UL, fixture.Gicr(cpu, 0x14) & 0b100);

            // gic_cpu_config
            fixture.WriteGicr(cpu, 0x1_0080, 0xFFFF_FFFF);
            fixture.WriteGicr(cpu, 0x1_0380, 0xFFFF_FFFF);
            fixture.WriteGicr(cpu, 0x1_0180, 0xFFFF_0000);
            fixture.WriteGicr(cpu, 0x1_0100, 0x0000_FFFF);
            for (int intid = 0; intid < 32; intid += 4)
            {
                fixture.WriteGicr(cpu, 0x1_0400 + (ulong)intid, 0xA0A0_A0A0);
            }

            // gic_cpu_sys_reg_init
            var icc = fixture.Cpu(cpu);
            Assert.Equal(1UL, icc.Read(IccRegister.Sre) & 1);
            icc.Write(IccRegister.Pmr, 0x08);
            Assert.NotEqual(0UL, icc.Read(IccRegister.Pmr));   // gic_has_group0()
            icc.Write(IccRegister.Pmr, 0xF0);                  // DEFAULT_PMR_VALUE
            icc.Write(IccRegister.Bpr1, 0);
            icc.Write(IccRegister.Ctlr, 0);                    // EOImode = 0 (Linux at EL1)
            Assert.Equal(4UL, (icc.Read(IccRegister.Ctlr) >> 8) & 7);
            icc.Write(IccRegister.Ap0r0, 0);
            icc.Write(IccRegister.Ap1r0, 0);
            icc.Write(IccRegister.Igrpen1, 1);
        }

        return fixture;
    }

    [Fact]
    public void Ipi_FromBootCpuToSecondary_IsTakenAndCompleted()
    {
        var fixture = BootLikeLinux(cpuCount: 2);

        fixture.Cpu(0).Write(IccRegister.Sgi1r, (1UL << 24) | (1UL << 1));   // IPI 1 to Aff0 = 1

        Assert.True(fixture.Irq[1].Level);
        Assert.Equal(1UL, fixture.Cpu(1).Read(IccRegister.Iar1));
        fixture.Cpu(1).Write(IccRegister.Eoir1, 1);
        Assert.False(fixture.Irq[1].Level);
        Assert.Equal(0xFFUL, fixture.Cpu(1).Read(IccRegister.Rpr));
    }

    [Fact]
    public void UartSpi_RoutedToBootCpu_IsTakenThere()
    {
        var fixture = BootLikeLinux(cpuCount: 2);
        fixture.WriteGicd(0x104, 1UL << 1);   // enable INTID 33

        fixture.Gic.SetSpiLevel(33, true);

        Assert.True(fixture.Irq[0].Level);
        Assert.False(fixture.Irq[1].Level);
        Assert.Equal(33UL, fixture.Cpu(0).Read(IccRegister.Iar1));
        Assert.Equal(0xA0UL, fixture.Cpu(0).Read(IccRegister.Rpr));
    }

    [Fact]
    public void VirtualTimerPpi_OnSecondary_IsTakenThere()
    {
        var fixture = BootLikeLinux(cpuCount: 2);
        fixture.WriteGicr(1, 0x1_0100, 1UL << GicIntid.VirtualTimerPpi);

        fixture.Gic.GetPpiLine(1, GicIntid.VirtualTimerPpi).Set(true);

        Assert.Equal((ulong)GicIntid.VirtualTimerPpi, fixture.Cpu(1).Read(IccRegister.Iar1));
    }
}
