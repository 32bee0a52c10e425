using Armvisor.Arm64;

namespace Armvisor.Devices;

/// <summary>
/// A device mapped into the guest physical address space. Offsets are relative to the device's base, so a device
/// never knows where it is mapped (the Firecracker <c>BusDevice</c> rule).
/// </summary>
/// <remarks>
/// A device never throws because of what a guest wrote or read: unknown offsets read as zero, writes to them are
/// ignored and logged (rate-limited). Implementations are thread-safe: several vCPU threads and host threads may call
/// them at once.
/// </remarks>
public interface IMmioDevice
{
    /// <summary>Size of the device's MMIO window in bytes.</summary>
    ulong Size { get; }

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/>; the value is zero-extended.</summary>
    ulong Read(ulong offset, AccessSize size);

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    void Write(ulong offset, AccessSize size, ulong value);

    /// <summary>Returns the device to its power-on state.</summary>
    void Reset();
}
