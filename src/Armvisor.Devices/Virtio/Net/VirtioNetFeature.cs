namespace Armvisor.Devices.Virtio.Net;

/// <summary>virtio-net feature bits (virtio 1.1 §5.1.3) this device knows.</summary>
public static class VirtioNetFeature
{
    /// <summary>VIRTIO_NET_F_CSUM: the device completes partial checksums of transmitted packets (§5.1.6.2).</summary>
    public const ulong Checksum = 1UL << 0;

    /// <summary>VIRTIO_NET_F_MAC: the configuration space holds the device's MAC address.</summary>
    public const ulong Mac = 1UL << 5;

    /// <summary>VIRTIO_NET_F_MRG_RXBUF: a received packet may span several receive buffers (num_buffers, §5.1.6.4).</summary>
    public const ulong MergeableReceiveBuffers = 1UL << 15;

    /// <summary>VIRTIO_NET_F_STATUS: the configuration space holds the link status.</summary>
    public const ulong Status = 1UL << 16;
}
