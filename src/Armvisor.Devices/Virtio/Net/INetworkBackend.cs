namespace Armvisor.Devices.Virtio.Net;

/// <summary>
/// Where a virtio-net device's Ethernet frames go and come from on the host: a user-mode network stack (passt) or a
/// TAP device. Frames are whole Ethernet frames (destination MAC first) without the virtio-net header and without FCS.
/// </summary>
public interface INetworkBackend : IDisposable
{
    /// <summary>
    /// Starts receiving: every frame from the host is passed to <paramref name="deliver"/> on the back end's own
    /// thread, in order. <paramref name="deliver"/> blocks while the guest has a full backlog (back-pressure: the
    /// back end stops reading its socket), and returns false once the device is closed.
    /// </summary>
    void Start(Func<byte[], bool> deliver);

    /// <summary>Sends one frame from the guest. Called on a vCPU thread under the transport lock; never throws for host I/O errors.</summary>
    void Send(ReadOnlySpan<byte> frame);
}
