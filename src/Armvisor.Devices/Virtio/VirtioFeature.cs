namespace Armvisor.Devices.Virtio;

/// <summary>Feature bits shared by all devices (virtio 1.1 §6 "Reserved Feature Bits").</summary>
public static class VirtioFeature
{
    /// <summary>VIRTIO_F_RING_INDIRECT_DESC: the driver may use indirect descriptor tables (§2.6.5.3).</summary>
    public const ulong RingIndirectDescriptors = 1UL << 28;

    /// <summary>VIRTIO_F_RING_EVENT_IDX: used_event/avail_event notification suppression (§2.6.7, §2.6.10).</summary>
    public const ulong RingEventIndex = 1UL << 29;

    /// <summary>VIRTIO_F_VERSION_1: a virtio 1.x (non-legacy) device; required by this transport.</summary>
    public const ulong Version1 = 1UL << 32;

    /// <summary>Bits every device behind <see cref="VirtioMmioTransport"/> offers in addition to its own.</summary>
    public const ulong TransportFeatures = RingIndirectDescriptors | RingEventIndex | Version1;
}
