namespace Armvisor.Devices.Virtio;

/// <summary>Virtio device IDs (virtio 1.1 §5 "Device Types").</summary>
public enum VirtioDeviceType : uint
{
    /// <summary>No device: an empty virtio-mmio slot.</summary>
    None = 0,
    Network = 1,
    Block = 2,
    Console = 3,
    Entropy = 4,
}
