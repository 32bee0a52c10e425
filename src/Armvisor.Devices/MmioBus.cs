using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Devices;

/// <summary>
/// Routes guest physical MMIO accesses to devices: a sorted set of non-overlapping ranges, each handing its device
/// an offset relative to the device base (Firecracker <c>vstate/bus.rs</c>).
/// </summary>
/// <remarks>
/// Thread safety: <see cref="Map"/> takes <c>_mapLock</c> and publishes a new immutable, sorted snapshot; lookups read
/// the current snapshot without locking, so vCPU threads never contend on the bus itself. Device calls are made
/// without any bus lock held (lock order: no bus lock is ever held while a device lock is taken).
/// </remarks>
public sealed class MmioBus
{
    private readonly Lock _mapLock = new();
    private volatile BusEntry[] _entries = [];

    /// <summary>Maps <paramref name="device"/> at <paramref name="baseAddress"/> for <see cref="IMmioDevice.Size"/> bytes.</summary>
    /// <exception cref="AddressRangeOverlapException">The range overlaps an existing mapping.</exception>
    /// <exception cref="ArgumentException">The device has size zero or the range wraps the address space.</exception>
    public void Map(GuestPhysicalAddress baseAddress, IMmioDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Size == 0 || baseAddress.Value + device.Size < baseAddress.Value)
        {
            throw new ArgumentException($"Device {device.GetType().Name} at {baseAddress} has an invalid size 0x{device.Size:X}", nameof(device));
        }

        var range = new AddressRange(baseAddress, device.Size);
        lock (_mapLock)
        {
            var current = _entries;
            foreach (var entry in current)
            {
                if (entry.Range.Overlaps(range))
                {
                    throw new AddressRangeOverlapException(range, entry.Range);
                }
            }

            var next = new BusEntry[current.Length + 1];
            current.CopyTo(next, 0);
            next[^1] = new BusEntry(range, device);
            Array.Sort(next, static (a, b) => a.Range.Start.CompareTo(b.Range.Start));
            _entries = next;
        }
    }

    /// <summary>The mapped ranges in address order.</summary>
    public IReadOnlyList<AddressRange> Ranges => Array.ConvertAll(_entries, static e => e.Range);

    /// <summary>Reads from the device covering <paramref name="address"/>; false when no device is mapped there.</summary>
    public bool TryRead(GuestPhysicalAddress address, AccessSize size, out ulong value)
    {
        if (TryFind(address, size, out var entry))
        {
            value = entry.Device.Read(address - entry.Range.Start, size);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Writes to the device covering <paramref name="address"/>; false when no device is mapped there.</summary>
    public bool TryWrite(GuestPhysicalAddress address, AccessSize size, ulong value)
    {
        if (TryFind(address, size, out var entry))
        {
            entry.Device.Write(address - entry.Range.Start, size, value);
            return true;
        }

        return false;
    }

    /// <summary>Resets every mapped device.</summary>
    public void ResetAll()
    {
        foreach (var entry in _entries)
        {
            entry.Device.Reset();
        }
    }

    private bool TryFind(GuestPhysicalAddress address, AccessSize size, out BusEntry found)
    {
        var entries = _entries;
        int low = 0, high = entries.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            var entry = entries[middle];
            if (address < entry.Range.Start)
            {
                high = middle - 1;
            }
            else if (!entry.Range.Contains(address))
            {
                low = middle + 1;
            }
            else
            {
                // An access that starts inside a device but runs past its end is not routed (no device owns it whole).
                found = entry;
                return entry.Range.Contains(address, (ulong)size);
            }
        }

        found = default;
        return false;
    }

    private readonly record struct BusEntry(AddressRange Range, IMmioDevice Device);
}
