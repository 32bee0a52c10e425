namespace Armvisor.Devices.Virtio;

/// <summary>
/// A virtqueue's state (virtio 1.2 §2.7): the size and ring addresses the driver configured, QueueReady, the negotiated
/// ring features, and the device's positions — the next available index to take and the next used index to write.
/// Chains the device has taken but not returned are none at a pause: every device here completes a chain within the
/// notification that took it, so the rings in guest RAM and these two indices are the whole queue.
/// </summary>
public sealed partial class Virtqueue
{
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(Size);
        writer.Write(IsReady);
        writer.Write(DescriptorTable);
        writer.Write(DriverArea);
        writer.Write(DeviceArea);
        writer.Write(IsBroken);
        writer.Write(EventIndexEnabled);
        writer.Write(IndirectEnabled);
        writer.Write(_nextAvailable);
        writer.Write(_nextUsed);
    }

    internal void RestoreState(BinaryReader reader)
    {
        Size = reader.ReadUInt16();
        if (Size > MaxSize)
        {
            throw new InvalidDataException($"virtqueue: saved size {Size} exceeds QueueNumMax {MaxSize}");
        }

        IsReady = reader.ReadBoolean();
        DescriptorTable = reader.ReadUInt64();
        DriverArea = reader.ReadUInt64();
        DeviceArea = reader.ReadUInt64();
        IsBroken = reader.ReadBoolean();
        EventIndexEnabled = reader.ReadBoolean();
        IndirectEnabled = reader.ReadBoolean();
        _nextAvailable = reader.ReadUInt16();
        _nextUsed = reader.ReadUInt16();
    }
}
