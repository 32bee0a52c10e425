using Armvisor.Arm64;
using Armvisor.Devices.Gic;
using Armvisor.Devices.Tests.Fakes;

namespace Armvisor.Devices.Tests.Gic;

/// <summary>A GIC with fake PE wires, driven only through its registers, plus the programming steps Linux does.</summary>
public sealed class GicFixture
{
    public const int SpiCount = 64;

    public GicFixture(int cpuCount = 2, Func<int, ulong>? mpidrOf = null)
    {
        Irq = Enumerable.Range(0, cpuCount).Select(_ => new FakeInterruptLine()).ToArray();
        Fiq = Enumerable.Range(0, cpuCount).Select(_ => new FakeInterruptLine()).ToArray();
        var connections = Enumerable.Range(0, cpuCount)
            .Select(i => new GicV3CpuConnection(mpidrOf?.Invoke(i) ?? (ulong)i, Irq[i], Fiq[i]))
            .ToArray();
        Gic = new GicV3(SpiCount, connections);
    }

    public GicV3 Gic { get; }

    public FakeInterruptLine[] Irq { get; }

    public FakeInterruptLine[] Fiq { get; }

    public GicV3CpuInterface Cpu(int index) => Gic.CpuInterfaces[index];

    public ulong Gicd(ulong offset, AccessSize size = AccessSize.Word) => Gic.Distributor.Read(offset, size);

    public void WriteGicd(ulong offset, ulong value, AccessSize size = AccessSize.Word) => Gic.Distributor.Write(offset, size, value);

    public ulong Gicr(int cpu, ulong offset, AccessSize size = AccessSize.Word) => Gic.Redistributors[cpu].Read(offset, size);

    public void WriteGicr(int cpu, ulong offset, ulong value, AccessSize size = AccessSize.Word) => Gic.Redistributors[cpu].Write(offset, size, value);

    /// <summary>GICD_CTLR = ARE | EnableGrp1 | EnableGrp0, PMR = 0xF8, IGRPEN0/1 = 1 on every PE, redistributors awake.</summary>
    public GicFixture Enabled()
    {
        WriteGicd(0x0, 0x13);
        for (int cpu = 0; cpu < Irq.Length; cpu++)
        {
            WriteGicr(cpu, 0x14, 0);
            Cpu(cpu).Write(IccRegister.Pmr, 0xF8);
            Cpu(cpu).Write(IccRegister.Igrpen1, 1);
            Cpu(cpu).Write(IccRegister.Igrpen0, 1);
        }

        return this;
    }

    /// <summary>Configures SPI <paramref name="intid"/>: group, priority, trigger, routed to <paramref name="cpu"/>'s affinity, enabled.</summary>
    public void ConfigureSpi(int intid, byte priority, bool group1 = true, bool edge = false, ulong router = 0)
    {
        int index = intid / 32;
        int bit = intid % 32;
        ulong group = Gicd(0x80 + (ulong)(4 * index));
        WriteGicd(0x80 + (ulong)(4 * index), group1 ? group | (1UL << bit) : group & ~(1UL << bit));
        WriteGicd(0x400 + (ulong)intid, priority, AccessSize.Byte);
        ulong cfg = Gicd(0xC00 + (ulong)(4 * (intid / 16)));
        int shift = 2 * (intid % 16) + 1;
        WriteGicd(0xC00 + (ulong)(4 * (intid / 16)), edge ? cfg | (1UL << shift) : cfg & ~(1UL << shift));
        WriteGicd(0x6000 + (ulong)(8 * intid), router, AccessSize.Doubleword);
        WriteGicd(0x100 + (ulong)(4 * index), 1UL << bit);
    }

    /// <summary>Configures SGI or PPI <paramref name="intid"/> of <paramref name="cpu"/>: group 1, priority, enabled.</summary>
    public void ConfigurePrivate(int cpu, int intid, byte priority, bool group1 = true)
    {
        ulong group = Gicr(cpu, 0x1_0080);
        WriteGicr(cpu, 0x1_0080, group1 ? group | (1UL << intid) : group & ~(1UL << intid));
        WriteGicr(cpu, 0x1_0400 + (ulong)intid, priority, AccessSize.Byte);
        WriteGicr(cpu, 0x1_0100, 1UL << intid);
    }

    public bool IsActive(int intid) => (Gicd(0x300 + (ulong)(4 * (intid / 32))) & (1UL << (intid % 32))) != 0;

    public bool IsPending(int intid) => (Gicd(0x200 + (ulong)(4 * (intid / 32))) & (1UL << (intid % 32))) != 0;
}
