namespace Armvisor.Devices.Virtio;

/// <summary>
/// The virtio-mmio transport's state (virtio 1.2 §4.2.2): feature selectors and the driver's accepted features, the
/// queue selector, InterruptStatus, the device status, ConfigGeneration, the line level and every virtqueue. The
/// device type is checked, so a snapshot cannot put a block device's queues into an entropy source.
/// </summary>
public sealed partial class VirtioMmioTransport : IDeviceState
{
    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_lock)
        {
            writer.Write((uint)(_device?.DeviceType ?? VirtioDeviceType.None));
            _registers.SaveState(writer);
            writer.Write(_deviceFeaturesSelect);
            writer.Write(_driverFeaturesSelect);
            writer.Write(_driverFeatures);
            writer.Write(_queueSelect);
            writer.Write(_interruptStatus);
            writer.Write((uint)_status);
            writer.Write(_configGeneration);
            writer.Write(_lineLevel);
            writer.Write(_queues.Length);
            foreach (Virtqueue queue in _queues)
            {
                queue.SaveState(writer);
            }
        }
    }

    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_lock)
        {
            var type = (VirtioDeviceType)reader.ReadUInt32();
            if (type != (_device?.DeviceType ?? VirtioDeviceType.None))
            {
                throw new InvalidDataException($"virtio-mmio: the saved slot holds device type {type}, this one {_device?.DeviceType ?? VirtioDeviceType.None}");
            }

            _registers.RestoreState(reader);
            _deviceFeaturesSelect = reader.ReadUInt32();
            _driverFeaturesSelect = reader.ReadUInt32();
            _driverFeatures = reader.ReadUInt64();
            _queueSelect = reader.ReadUInt32();
            _interruptStatus = reader.ReadUInt32();
            _status = (VirtioDeviceStatus)reader.ReadUInt32();
            _configGeneration = reader.ReadUInt32();
            _lineLevel = reader.ReadBoolean();
            if (reader.ReadInt32() != _queues.Length)
            {
                throw new InvalidDataException("virtio-mmio: the saved queue count does not match the device's");
            }

            foreach (Virtqueue queue in _queues)
            {
                queue.RestoreState(reader);
            }

            // The device model learns the negotiated features at FEATURES_OK (§3.1.1 step 5), which a restored driver
            // does not write again: without this a restored virtio-net would drop the guest's partial-checksum frames.
            if (_device is not null && _status.HasFlag(VirtioDeviceStatus.FeaturesOk))
            {
                _device.Activate(_driverFeatures);
            }
        }
    }
}
