namespace Armvisor.Devices.Virtio;

/// <summary>Outcome of <see cref="Virtqueue.TryPop"/>.</summary>
public enum VirtqueuePopResult
{
    /// <summary>A descriptor chain was taken from the available ring.</summary>
    Chain,

    /// <summary>The driver has made no new buffers available.</summary>
    Empty,

    /// <summary>The ring or a chain breaks the virtio rules (loop, index out of range, bad indirect table): a guest error.</summary>
    Malformed,
}
