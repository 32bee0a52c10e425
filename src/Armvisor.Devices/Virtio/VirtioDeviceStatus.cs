namespace Armvisor.Devices.Virtio;

/// <summary>Device status field bits (virtio 1.1 §2.1).</summary>
[Flags]
public enum VirtioDeviceStatus : uint
{
    None = 0,
    Acknowledge = 1,
    Driver = 2,
    DriverOk = 4,
    FeaturesOk = 8,
    DeviceNeedsReset = 64,
    Failed = 128,
}
