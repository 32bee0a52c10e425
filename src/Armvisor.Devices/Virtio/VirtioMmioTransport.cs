using Armvisor.Arm64;
using Armvisor.Devices.Registers;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Virtio;

/// <summary>
/// The virtio-mmio transport, version 2 (virtio 1.1 §4.2.2), one 0x200-byte slot as on QEMU's virt board.
/// </summary>
/// <remarks>
/// Queue notifications are processed synchronously on the notifying vCPU's thread, inside the QueueNotify write
/// (what Firecracker's MMIO path effectively does): simple, and the guest sees the used buffers as soon as the write
/// completes. A slot without a device answers MagicValue, Version 2 and DeviceID 0, so the driver skips it, as
/// QEMU's 32 slots do. A driver that breaks the ring rules, or points a ring outside RAM, gets DEVICE_NEEDS_RESET
/// and a configuration change interrupt (§2.1.2); the host never throws because of it.
/// Lock order: <c>_lock</c> (device I/O runs under it) → interrupt line.
/// </remarks>
public sealed partial class VirtioMmioTransport : IMmioDevice
{
    /// <summary>Size of one virtio-mmio slot.</summary>
    public const ulong SlotSize = 0x200;

    /// <summary>"virt" in little-endian ASCII (§4.2.2).</summary>
    public const uint MagicValue = 0x7472_6976;

    /// <summary>VendorID: "AVSR" (Armvisor) in little-endian ASCII; drivers do not interpret it.</summary>
    public const uint VendorId = 0x5253_5641;

    private const ulong ConfigOffset = 0x100;

    // InterruptStatus bits (§4.2.2): used buffer notification, configuration change notification.
    private const uint InterruptUsedBuffer = 1;
    private const uint InterruptConfigChange = 2;

    private readonly Lock _lock = new();
    private readonly IVirtioDevice? _device;
    private readonly IInterruptLine _interrupt;
    private readonly Virtqueue[] _queues;
    private readonly RegisterMap _registers;
    private uint _deviceFeaturesSelect;
    private uint _driverFeaturesSelect;
    private ulong _driverFeatures;
    private uint _queueSelect;
    private uint _interruptStatus;
    private VirtioDeviceStatus _status;
    private uint _configGeneration;
    private bool _lineLevel;
    private bool _hostInputHeld;
    private uint _heldHostQueues;

    /// <summary>A slot with <paramref name="device"/>; null makes an empty slot (DeviceID 0).</summary>
    public VirtioMmioTransport(IVirtioDevice? device, IGuestMemory memory, IInterruptLine interrupt, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(interrupt);
        _device = device;
        _interrupt = interrupt;
        _queues = new Virtqueue[device?.QueueCount ?? 0];
        for (int i = 0; i < _queues.Length; i++)
        {
            _queues[i] = new Virtqueue(memory, device!.MaxQueueSize);
        }

        _registers = new RegisterMap(ConfigOffset, new GuestAccessLog($"virtio-mmio ({device?.DeviceType ?? VirtioDeviceType.None})", logger));
        DefineRegisters();
        (device as IVirtioHostInput)?.AttachQueueProcessor(ProcessQueueFromHost);
    }

    public ulong Size => SlotSize;

    /// <summary>The device status the driver has set.</summary>
    public VirtioDeviceStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    private ulong OfferedFeatures => _device is null ? 0 : _device.DeviceFeatures | VirtioFeature.TransportFeatures;

    private Virtqueue? SelectedQueue => _queueSelect < (uint)_queues.Length ? _queues[_queueSelect] : null;

    public ulong Read(ulong offset, AccessSize size)
    {
        lock (_lock)
        {
            if (offset >= ConfigOffset)
            {
                return ReadConfig(offset - ConfigOffset, size);
            }

            return _registers.Read(offset, size);
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        lock (_lock)
        {
            if (offset >= ConfigOffset)
            {
                WriteConfig(offset - ConfigOffset, size, value);
                return;
            }

            _registers.Write(offset, size, value);
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            ResetDevice();
        }
    }

    /// <summary>
    /// The host changed the device configuration (e.g. a resized disk): ConfigGeneration advances and the driver gets a
    /// configuration change notification (§2.4.2, §4.2.2).
    /// </summary>
    public void NotifyConfigurationChanged()
    {
        lock (_lock)
        {
            _configGeneration++;
            _interruptStatus |= InterruptConfigChange;
            UpdateInterrupt();
        }
    }

    /// <summary>
    /// Holds (true) or releases host input: while held, data the host has for the guest (network frames, console
    /// input) waits in the device instead of being written into guest RAM, so a paused machine's RAM and ring
    /// positions stay consistent for a snapshot — QEMU's net layer likewise refuses packets while the VM is stopped.
    /// Released, the queues the host asked for are processed at once.
    /// </summary>
    public void HoldHostInput(bool held)
    {
        lock (_lock)
        {
            _hostInputHeld = held;
            if (held)
            {
                return;
            }

            uint pending = _heldHostQueues;
            _heldHostQueues = 0;
            for (int queue = 0; pending != 0; queue++, pending >>= 1)
            {
                if ((pending & 1) != 0)
                {
                    ProcessQueueFromHostLocked(queue);
                }
            }
        }
    }

    /// <summary>Processes a queue because the host has data for it (the QueueNotify path without a guest write).</summary>
    private void ProcessQueueFromHost(int queueIndex)
    {
        lock (_lock)
        {
            if (_hostInputHeld && queueIndex is >= 0 and < 32)
            {
                _heldHostQueues |= 1u << queueIndex;
                return;
            }

            ProcessQueueFromHostLocked(queueIndex);
        }
    }

    private void ProcessQueueFromHostLocked(int queueIndex)
    {
        if (_status.HasFlag(VirtioDeviceStatus.DriverOk) && !_status.HasFlag(VirtioDeviceStatus.DeviceNeedsReset))
        {
            Notify((ulong)queueIndex);
        }
    }

    private void DefineRegisters()
    {
        uint deviceId = (uint)(_device?.DeviceType ?? VirtioDeviceType.None);
        _registers
            .DefineConstant(0x000, "MagicValue", MagicValue)
            .DefineConstant(0x004, "Version", 2)
            .DefineConstant(0x008, "DeviceID", deviceId)
            .DefineConstant(0x00C, "VendorID", VendorId);
        if (_device is null)
        {
            return;
        }

        _registers
            .Define(0x010, "DeviceFeatures", r => r.WithField(0, 32, "DeviceFeatures", FieldMode.ReadOnly,
                valueProvider: () => _deviceFeaturesSelect < 2 ? (uint)(OfferedFeatures >> (int)(32 * _deviceFeaturesSelect)) : 0UL))
            .Define(0x014, "DeviceFeaturesSel", r => r.WithField(0, 32, "DeviceFeaturesSel", FieldMode.WriteOnly, onWrite: v => _deviceFeaturesSelect = (uint)v))
            .Define(0x020, "DriverFeatures", r => r.WithField(0, 32, "DriverFeatures", FieldMode.WriteOnly, onWrite: WriteDriverFeatures))
            .Define(0x024, "DriverFeaturesSel", r => r.WithField(0, 32, "DriverFeaturesSel", FieldMode.WriteOnly, onWrite: v => _driverFeaturesSelect = (uint)v))
            .Define(0x030, "QueueSel", r => r.WithField(0, 32, "QueueSel", FieldMode.WriteOnly, onWrite: v => _queueSelect = (uint)v))
            .Define(0x034, "QueueNumMax", r => r.WithField(0, 32, "QueueNumMax", FieldMode.ReadOnly, valueProvider: () => SelectedQueue?.MaxSize ?? 0UL))
            .Define(0x038, "QueueNum", r => r.WithField(0, 32, "QueueNum", FieldMode.WriteOnly, onWrite: WriteQueueNum))
            .Define(0x044, "QueueReady", r => r.WithFlag(0, "QueueReady", valueProvider: () => SelectedQueue?.IsReady ?? false, onWrite: WriteQueueReady).WithReserved(1, 31))
            .Define(0x050, "QueueNotify", r => r.WithField(0, 32, "QueueNotify", FieldMode.WriteOnly, onWrite: Notify))
            .Define(0x060, "InterruptStatus", r => r.WithField(0, 2, "InterruptStatus", FieldMode.ReadOnly, valueProvider: () => _interruptStatus).WithReserved(2, 30))
            .Define(0x064, "InterruptACK", r => r.WithField(0, 2, "InterruptACK", FieldMode.WriteOnly, onWrite: AcknowledgeInterrupt).WithReserved(2, 30))
            .Define(0x070, "Status", r => r.WithField(0, 8, "Status", valueProvider: () => (ulong)_status, onWrite: WriteStatus).WithReserved(8, 24))
            .Define(0x080, "QueueDescLow", r => r.WithField(0, 32, "QueueDescLow", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: false, (q, a) => q.DescriptorTable = a, q => q.DescriptorTable)))
            .Define(0x084, "QueueDescHigh", r => r.WithField(0, 32, "QueueDescHigh", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: true, (q, a) => q.DescriptorTable = a, q => q.DescriptorTable)))
            .Define(0x090, "QueueDriverLow", r => r.WithField(0, 32, "QueueDriverLow", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: false, (q, a) => q.DriverArea = a, q => q.DriverArea)))
            .Define(0x094, "QueueDriverHigh", r => r.WithField(0, 32, "QueueDriverHigh", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: true, (q, a) => q.DriverArea = a, q => q.DriverArea)))
            .Define(0x0A0, "QueueDeviceLow", r => r.WithField(0, 32, "QueueDeviceLow", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: false, (q, a) => q.DeviceArea = a, q => q.DeviceArea)))
            .Define(0x0A4, "QueueDeviceHigh", r => r.WithField(0, 32, "QueueDeviceHigh", FieldMode.WriteOnly, onWrite: v => SetQueueAddress(v, high: true, (q, a) => q.DeviceArea = a, q => q.DeviceArea)))
            .Define(0x0FC, "ConfigGeneration", r => r.WithField(0, 32, "ConfigGeneration", FieldMode.ReadOnly, valueProvider: () => _configGeneration));
    }

    private void WriteDriverFeatures(ulong value)
    {
        if (_status.HasFlag(VirtioDeviceStatus.FeaturesOk))
        {
            _registers.Log.GuestError("DriverFeatures written after FEATURES_OK; ignored");
            return;
        }

        if (_driverFeaturesSelect < 2)
        {
            int shift = (int)(32 * _driverFeaturesSelect);
            _driverFeatures = (_driverFeatures & ~(0xFFFF_FFFFUL << shift)) | ((value & 0xFFFF_FFFF) << shift);
        }
    }

    private void WriteQueueNum(ulong value)
    {
        var queue = EditableQueue();
        if (queue is null)
        {
            return;
        }

        // Queue sizes are powers of 2 no larger than QueueNumMax (§2.6).
        if (value == 0 || value > queue.MaxSize || (value & (value - 1)) != 0)
        {
            _registers.Log.GuestError($"QueueNum {value} rejected (max {queue.MaxSize}, power of 2)");
            return;
        }

        queue.Size = (ushort)value;
    }

    private void WriteQueueReady(bool ready)
    {
        var queue = SelectedQueue;
        if (queue is null)
        {
            return;
        }

        if (ready && !queue.IsReady)
        {
            queue.EventIndexEnabled = (_driverFeatures & VirtioFeature.RingEventIndex) != 0;
            queue.IndirectEnabled = (_driverFeatures & VirtioFeature.RingIndirectDescriptors) != 0;
        }

        queue.IsReady = ready;
    }

    private void SetQueueAddress(ulong value, bool high, Action<Virtqueue, ulong> set, Func<Virtqueue, ulong> get)
    {
        var queue = EditableQueue();
        if (queue is null)
        {
            return;
        }

        ulong current = get(queue);
        set(queue, high ? (current & 0xFFFF_FFFF) | ((value & 0xFFFF_FFFF) << 32) : (current & ~0xFFFF_FFFFUL) | (value & 0xFFFF_FFFF));
    }

    /// <summary>The selected queue if its registers may be written: it exists and is not ready (§4.2.3.2).</summary>
    private Virtqueue? EditableQueue()
    {
        var queue = SelectedQueue;
        if (queue is null || queue.IsReady)
        {
            _registers.Log.GuestError($"queue {_queueSelect} register written while absent or ready; ignored");
            return null;
        }

        return queue;
    }

    private void WriteStatus(ulong value)
    {
        var requested = (VirtioDeviceStatus)(value & 0xFF);
        if (requested == VirtioDeviceStatus.None)
        {
            ResetDevice();
            return;
        }

        // FEATURES_OK sticks only for a subset of the offered features that includes VERSION_1 (§2.2.2, §3.1.1).
        if (requested.HasFlag(VirtioDeviceStatus.FeaturesOk) && !_status.HasFlag(VirtioDeviceStatus.FeaturesOk))
        {
            bool acceptable = (_driverFeatures & ~OfferedFeatures) == 0 && (_driverFeatures & VirtioFeature.Version1) != 0;
            if (acceptable)
            {
                _device!.Activate(_driverFeatures);
            }
            else
            {
                _registers.Log.GuestError($"driver features 0x{_driverFeatures:X} not accepted (offered 0x{OfferedFeatures:X}, VERSION_1 required)");
                requested &= ~VirtioDeviceStatus.FeaturesOk;
            }
        }

        _status = requested | (_status & VirtioDeviceStatus.DeviceNeedsReset);
    }

    private void Notify(ulong value)
    {
        if (value >= (ulong)_queues.Length || !_status.HasFlag(VirtioDeviceStatus.DriverOk))
        {
            _registers.Log.GuestError($"notification of queue {value} ignored (no such queue or DRIVER_OK not set)");
            return;
        }

        var queue = _queues[value];
        ushort usedBefore = queue.UsedIndex;
        bool notify;
        try
        {
            _device!.ProcessQueue((int)value, queue);
            notify = queue.NeedsNotification(usedBefore);
        }
        catch (Exception e) when (e is GuestMemoryException or OverflowException)
        {
            // A buffer outside RAM, or one whose end wraps the 64-bit address space: the guest's fault.
            _registers.Log.GuestError($"queue {value} points outside guest RAM: {e.Message}");
            NeedsReset();
            return;
        }

        if (queue.IsBroken)
        {
            _registers.Log.GuestError($"queue {value} broke the split-ring rules");
            NeedsReset();
            return;
        }

        if (notify)
        {
            _interruptStatus |= InterruptUsedBuffer;
            UpdateInterrupt();
        }
    }

    /// <summary>DEVICE_NEEDS_RESET plus a configuration change notification (virtio 1.1 §2.1.2).</summary>
    private void NeedsReset()
    {
        _status |= VirtioDeviceStatus.DeviceNeedsReset;
        _interruptStatus |= InterruptConfigChange;
        UpdateInterrupt();
    }

    private void AcknowledgeInterrupt(ulong value)
    {
        _interruptStatus &= ~(uint)value;
        UpdateInterrupt();
    }

    private void ResetDevice()
    {
        _status = VirtioDeviceStatus.None;
        _driverFeatures = 0;
        _deviceFeaturesSelect = _driverFeaturesSelect = _queueSelect = 0;
        _interruptStatus = 0;
        foreach (var queue in _queues)
        {
            queue.Reset();
        }

        _device?.Reset();
        UpdateInterrupt();
    }

    private ulong ReadConfig(ulong offset, AccessSize size)
    {
        if (_device is null || offset + (ulong)size > (ulong)_device.ConfigSize)
        {
            _registers.Log.UnknownRead(ConfigOffset + offset, size);
            return 0;
        }

        Span<byte> bytes = stackalloc byte[8];
        bytes.Clear();
        _device.ReadConfig((int)offset, bytes[..(int)size]);
        return BitConverter.ToUInt64(bytes);
    }

    private void WriteConfig(ulong offset, AccessSize size, ulong value)
    {
        if (_device is null || offset + (ulong)size > (ulong)_device.ConfigSize)
        {
            _registers.Log.UnknownWrite(ConfigOffset + offset, size, value);
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        BitConverter.TryWriteBytes(bytes, value);
        _device.WriteConfig((int)offset, bytes[..(int)size]);
    }

    /// <summary>The slot's interrupt is asserted while any InterruptStatus bit is set.</summary>
    private void UpdateInterrupt()
    {
        bool level = _interruptStatus != 0;
        if (level != _lineLevel)
        {
            _lineLevel = level;
            _interrupt.Set(level);
        }
    }
}
