using Armvisor.Memory;

namespace Armvisor.Firmware;

/// <summary>A simple MMIO device for the tables: base, size and its shared peripheral interrupt number (SPI, INTID − 32).</summary>
public sealed record MmioDeviceDescription(GuestPhysicalAddress Base, ulong Size, uint Spi)
{
    /// <summary>The GIC INTID (= ACPI GSIV) of <see cref="Spi"/>: SPIs start at INTID 32 (IHI0069 §2.2).</summary>
    public uint Intid => Spi + 32;
}
