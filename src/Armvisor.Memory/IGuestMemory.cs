namespace Armvisor.Memory;

/// <summary>
/// Consumer-side view of guest RAM for device DMA (vm-memory's rule: consumers never manage regions).
/// Guests are little-endian. An access outside RAM throws <see cref="GuestMemoryException"/>; device models catch it
/// and give the guest the architectural outcome (for virtio: DEVICE_NEEDS_RESET), never a host crash.
/// </summary>
public interface IGuestMemory
{
    /// <summary>Copies guest RAM at <paramref name="address"/> into <paramref name="destination"/>.</summary>
    void Read(GuestPhysicalAddress address, Span<byte> destination);

    /// <summary>Copies <paramref name="source"/> into guest RAM at <paramref name="address"/>.</summary>
    void Write(GuestPhysicalAddress address, ReadOnlySpan<byte> source);
}
