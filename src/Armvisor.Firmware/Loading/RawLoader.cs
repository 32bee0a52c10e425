using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>Copies a file verbatim to a guest physical address (QEMU's -device loader,file=F,addr=A).</summary>
public static class RawLoader
{
    /// <summary>Places <paramref name="data"/> at <paramref name="address"/> and returns its range.</summary>
    public static AddressRange Load(GuestRam ram, BootLayout layout, ReadOnlySpan<byte> data, GuestPhysicalAddress address, string name)
    {
        var range = new AddressRange(address, (ulong)data.Length);
        layout.Place(name, range);
        ram.Write(address, data);
        return range;
    }
}
