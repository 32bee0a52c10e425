using Armvisor.Memory;

namespace Armvisor.Firmware;

/// <summary>A bank of virtio-mmio transports: slot n sits at Base + n × Stride and raises SPI FirstSpi + n.</summary>
public sealed record VirtioMmioDescription(GuestPhysicalAddress Base, ulong Stride, int Count, uint FirstSpi)
{
    /// <summary>Register window of one slot (virtio 1.2 §4.2.2: the MMIO register layout ends before 0x200).</summary>
    public ulong SlotSize => Stride;

    public GuestPhysicalAddress SlotBase(int slot) => Base + ((ulong)slot * Stride);

    public uint SlotSpi(int slot) => FirstSpi + (uint)slot;
}
