namespace Armvisor.Devices.Virtio;

/// <summary>
/// A virtio device that also receives data from the host side (for example console input), so it must be able to
/// make the transport process a queue outside a guest notification.
/// </summary>
public interface IVirtioHostInput
{
    /// <summary>
    /// Called once by the transport: <paramref name="processQueue"/> runs the same path as a QueueNotify of the given
    /// queue (under the transport lock, raising the interrupt if the driver wants one). The device must call it
    /// without holding any lock of its own.
    /// </summary>
    void AttachQueueProcessor(Action<int> processQueue);
}
