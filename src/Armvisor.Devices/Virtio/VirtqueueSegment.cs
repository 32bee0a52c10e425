using Armvisor.Memory;

namespace Armvisor.Devices.Virtio;

/// <summary>One buffer of a descriptor chain: guest address, length, and whether the device may write it.</summary>
public readonly record struct VirtqueueSegment(GuestPhysicalAddress Address, uint Length, bool IsDeviceWritable);
