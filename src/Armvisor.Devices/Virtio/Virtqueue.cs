using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Devices.Virtio;

/// <summary>
/// The device side of a split virtqueue (virtio 1.1 §2.6): the descriptor table, the driver ("available") ring
/// and the device ("used") ring in guest memory, with indirect descriptors (§2.6.5.3) and, when negotiated,
/// event-index notification suppression (§2.6.7.2, §2.6.10). Accessed only under the transport's lock.
/// </summary>
public sealed partial class Virtqueue
{
    // Descriptor flags (§2.6.5).
    private const ushort DescriptorNext = 1;
    private const ushort DescriptorWrite = 2;
    private const ushort DescriptorIndirect = 4;

    // Driver ring flag (§2.6.7): VIRTQ_AVAIL_F_NO_INTERRUPT.
    private const ushort AvailNoInterrupt = 1;

    private const int DescriptorSize = 16;

    private readonly IGuestMemory _memory;
    private ushort _nextAvailable;
    private ushort _nextUsed;

    internal Virtqueue(IGuestMemory memory, ushort maxSize)
    {
        _memory = memory;
        MaxSize = maxSize;
        Reset();
    }

    /// <summary>QueueNumMax: the largest size the driver may choose.</summary>
    public ushort MaxSize { get; }

    /// <summary>QueueNum: the size the driver chose.</summary>
    public ushort Size { get; internal set; }

    /// <summary>QueueReady.</summary>
    public bool IsReady { get; internal set; }

    /// <summary>Guest address of the descriptor table (QueueDesc).</summary>
    public ulong DescriptorTable { get; internal set; }

    /// <summary>Guest address of the driver area, the available ring (QueueDriver).</summary>
    public ulong DriverArea { get; internal set; }

    /// <summary>Guest address of the device area, the used ring (QueueDevice).</summary>
    public ulong DeviceArea { get; internal set; }

    /// <summary>Set when the driver broke the ring rules; the transport then asks for a device reset.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>The used ring index the device will write next.</summary>
    public ushort UsedIndex => _nextUsed;

    internal bool EventIndexEnabled { get; set; }

    internal bool IndirectEnabled { get; set; }

    internal void Reset()
    {
        Size = MaxSize;
        IsReady = false;
        DescriptorTable = DriverArea = DeviceArea = 0;
        _nextAvailable = 0;
        _nextUsed = 0;
        IsBroken = false;
        EventIndexEnabled = false;
        IndirectEnabled = false;
    }

    /// <summary>Takes the next available descriptor chain.</summary>
    /// <exception cref="GuestMemoryException">A ring or descriptor lies outside guest RAM (caught by the transport).</exception>
    public VirtqueuePopResult TryPop(out DescriptorChain? chain)
    {
        chain = null;
        if (!IsReady || IsBroken || Size == 0)
        {
            return VirtqueuePopResult.Empty;
        }

        ushort availableIndex = ReadUInt16(DriverArea + 2);
        // The ring index is read before the ring entries it publishes (the driver wrote them first, §2.6.13.3).
        Interlocked.MemoryBarrier();
        if (availableIndex == _nextAvailable)
        {
            PublishAvailEvent();
            return VirtqueuePopResult.Empty;
        }

        if ((ushort)(availableIndex - _nextAvailable) > Size)
        {
            return Break();
        }

        ushort head = ReadUInt16(DriverArea + 4 + 2UL * (ulong)(_nextAvailable % Size));
        _nextAvailable++;
        var segments = new List<VirtqueueSegment>();
        if (!Walk(DescriptorTable, Size, head, segments, allowIndirect: IndirectEnabled))
        {
            return Break();
        }

        chain = new DescriptorChain(_memory, head, segments);
        return VirtqueuePopResult.Chain;
    }

    /// <summary>Returns a chain to the driver with <paramref name="writtenLength"/> bytes written into it (§2.6.8).</summary>
    public void PushUsed(ushort head, uint writtenLength)
    {
        ulong element = DeviceArea + 4 + 8UL * (ulong)(_nextUsed % Size);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, head);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[4..], writtenLength);
        _memory.Write(new GuestPhysicalAddress(element), bytes);
        _nextUsed++;
        // The element must be visible before the index that publishes it (§2.6.8.2).
        Interlocked.MemoryBarrier();
        WriteUInt16(DeviceArea + 2, _nextUsed);
    }

    /// <summary>
    /// Whether the driver wants a used-buffer notification for the entries published since
    /// <paramref name="previousUsedIndex"/>: with EVENT_IDX when used_event was crossed (vring_need_event, §2.6.7.2),
    /// otherwise unless VIRTQ_AVAIL_F_NO_INTERRUPT is set.
    /// </summary>
    public bool NeedsNotification(ushort previousUsedIndex)
    {
        if (_nextUsed == previousUsedIndex)
        {
            return false;
        }

        Interlocked.MemoryBarrier();
        if (EventIndexEnabled)
        {
            ushort usedEvent = ReadUInt16(DriverArea + 4 + 2UL * Size);
            return (ushort)(_nextUsed - usedEvent - 1) < (ushort)(_nextUsed - previousUsedIndex);
        }

        return (ReadUInt16(DriverArea) & AvailNoInterrupt) == 0;
    }

    /// <summary>With EVENT_IDX, asks to be notified as soon as the driver adds the next buffer (avail_event, §2.6.10).</summary>
    private void PublishAvailEvent()
    {
        if (EventIndexEnabled)
        {
            WriteUInt16(DeviceArea + 4 + 8UL * Size, _nextAvailable);
        }
    }

    /// <summary>Follows a chain in a descriptor table; false when it breaks the rules of §2.6.5.</summary>
    private bool Walk(ulong table, uint tableSize, ushort index, List<VirtqueueSegment> segments, bool allowIndirect)
    {
        Span<byte> descriptor = stackalloc byte[DescriptorSize];
        for (uint visited = 0; ; visited++)
        {
            if (index >= tableSize || visited >= tableSize)
            {
                return false;   // index out of range, or a loop
            }

            _memory.Read(new GuestPhysicalAddress(table + (ulong)index * DescriptorSize), descriptor);
            ulong address = BinaryPrimitives.ReadUInt64LittleEndian(descriptor);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(descriptor[8..]);
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[12..]);
            ushort next = BinaryPrimitives.ReadUInt16LittleEndian(descriptor[14..]);

            if ((flags & DescriptorIndirect) != 0)
            {
                // An indirect table is only allowed when negotiated, never nested, never chained with NEXT, and a
                // whole number of descriptors (§2.6.5.3.1).
                if (!allowIndirect || (flags & DescriptorNext) != 0 || length == 0 || length % DescriptorSize != 0)
                {
                    return false;
                }

                return Walk(address, length / DescriptorSize, 0, segments, allowIndirect: false);
            }

            segments.Add(new VirtqueueSegment(new GuestPhysicalAddress(address), length, (flags & DescriptorWrite) != 0));
            if ((flags & DescriptorNext) == 0)
            {
                return true;
            }

            index = next;
        }
    }

    /// <summary>
    /// Gives back the last <paramref name="count"/> chains taken by <see cref="TryPop"/> and not yet used: the device
    /// found it could not finish the request with them (e.g. a received frame needs more buffers than are available).
    /// The driver still owns nothing new: the chains stay available (§2.6.6).
    /// </summary>
    internal void ReturnUnused(int count) => _nextAvailable -= (ushort)count;

    /// <summary>A device found a chain that breaks its device type's rules (e.g. a writable buffer on a transmit queue).</summary>
    internal void MarkBroken() => IsBroken = true;

    private VirtqueuePopResult Break()
    {
        IsBroken = true;
        return VirtqueuePopResult.Malformed;
    }

    private ushort ReadUInt16(ulong address)
    {
        Span<byte> bytes = stackalloc byte[2];
        _memory.Read(new GuestPhysicalAddress(address), bytes);
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    private void WriteUInt16(ulong address, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _memory.Write(new GuestPhysicalAddress(address), bytes);
    }
}
