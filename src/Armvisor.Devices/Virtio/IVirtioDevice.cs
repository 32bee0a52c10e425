namespace Armvisor.Devices.Virtio;

/// <summary>
/// A virtio device behind a transport (virtio 1.1 §2, §5): its type, features, queues and configuration space.
/// The transport serialises every call under its lock and handles feature negotiation, status and interrupts.
/// </summary>
public interface IVirtioDevice
{
    VirtioDeviceType DeviceType { get; }

    /// <summary>Device-specific feature bits offered (the transport adds <see cref="VirtioFeature.TransportFeatures"/>).</summary>
    ulong DeviceFeatures { get; }

    /// <summary>Number of virtqueues.</summary>
    int QueueCount { get; }

    /// <summary>QueueNumMax for every queue (a power of 2, at most 32768).</summary>
    ushort MaxQueueSize { get; }

    /// <summary>Size of the device configuration space in bytes.</summary>
    int ConfigSize { get; }

    /// <summary>Reads configuration space bytes (little-endian fields).</summary>
    void ReadConfig(int offset, Span<byte> destination);

    /// <summary>Writes configuration space bytes; read-only fields ignore writes.</summary>
    void WriteConfig(int offset, ReadOnlySpan<byte> source);

    /// <summary>Called when the driver sets FEATURES_OK with an accepted feature set.</summary>
    void Activate(ulong negotiatedFeatures);

    /// <summary>Processes the buffers the driver made available on queue <paramref name="queueIndex"/>.</summary>
    void ProcessQueue(int queueIndex, Virtqueue queue);

    /// <summary>Returns the device to its initial state (status 0 written).</summary>
    void Reset();
}
