using Armvisor.Arm64;
using Armvisor.Devices.Tests.Fakes;
using Armvisor.Devices.Virtio;

namespace Armvisor.Devices.Tests.Virtio;

/// <summary>
/// The driver side, done by hand: the virtio-mmio initialisation sequence through the registers (virtio 1.1
/// §3.1.1, §4.2.3) and one split virtqueue laid out in fake guest RAM.
/// </summary>
public sealed class VirtioTestDriver
{
    public const ushort QueueSize = 16;
    public const ulong DescriptorTable = FakeGuestMemory.Base + 0x1000;
    public const ulong AvailRing = FakeGuestMemory.Base + 0x2000;
    public const ulong UsedRing = FakeGuestMemory.Base + 0x3000;
    public const ulong IndirectTable = FakeGuestMemory.Base + 0x4000;
    public const ulong Buffers = FakeGuestMemory.Base + 0x10000;

    private const ushort Next = 1, Write = 2, Indirect = 4;

    private int _queue;
    private ushort _nextDescriptor;
    private ushort _availIndex;
    private ulong _nextBuffer = Buffers;

    public VirtioTestDriver(IVirtioDevice? device)
    {
        Memory = new FakeGuestMemory(0x10_0000);
        Interrupt = new FakeInterruptLine();
        Transport = new VirtioMmioTransport(device, Memory, Interrupt);
    }

    public FakeGuestMemory Memory { get; }

    public FakeInterruptLine Interrupt { get; }

    public VirtioMmioTransport Transport { get; }

    public ulong Read(ulong offset) => Transport.Read(offset, AccessSize.Word);

    public void WriteRegister(ulong offset, ulong value) => Transport.Write(offset, AccessSize.Word, value);

    public ulong ReadFeatures()
    {
        WriteRegister(0x14, 0);
        ulong low = Read(0x10);
        WriteRegister(0x14, 1);
        return low | (Read(0x10) << 32);
    }

    /// <summary>Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK, one queue, DRIVER_OK; returns the final status.</summary>
    public ulong Initialise(ulong? features = null, int queue = 0)
    {
        WriteRegister(0x70, 0);
        WriteRegister(0x70, 1);
        WriteRegister(0x70, 3);
        ulong accepted = features ?? (ReadFeatures() & (VirtioFeature.Version1 | VirtioFeature.RingIndirectDescriptors | 0x220));
        WriteRegister(0x24, 0);
        WriteRegister(0x20, (uint)accepted);
        WriteRegister(0x24, 1);
        WriteRegister(0x20, (uint)(accepted >> 32));
        WriteRegister(0x70, 0xB);
        if ((Read(0x70) & 8) == 0)
        {
            return Read(0x70);
        }

        _queue = queue;
        WriteRegister(0x30, (ulong)queue);
        WriteRegister(0x38, QueueSize);
        WriteRegister(0x80, (uint)DescriptorTable);
        WriteRegister(0x84, DescriptorTable >> 32);
        WriteRegister(0x90, (uint)AvailRing);
        WriteRegister(0x94, AvailRing >> 32);
        WriteRegister(0xA0, (uint)UsedRing);
        WriteRegister(0xA4, UsedRing >> 32);
        WriteRegister(0x44, 1);
        WriteRegister(0x70, 0xF);
        return Read(0x70);
    }

    /// <summary>Places a buffer in fake RAM and returns its address.</summary>
    public ulong Buffer(ReadOnlySpan<byte> contents, int length = 0)
    {
        ulong address = _nextBuffer;
        int size = Math.Max(length, contents.Length);
        contents.CopyTo(Memory.Bytes.AsSpan((int)(address - FakeGuestMemory.Base)));
        _nextBuffer += (ulong)((size + 15) & ~15) + 16;
        return address;
    }

    /// <summary>Publishes a chain of (address, length, device-writable) buffers; returns the head index.</summary>
    public ushort Submit(params (ulong Address, uint Length, bool Writable)[] buffers)
    {
        ushort head = _nextDescriptor;
        for (int i = 0; i < buffers.Length; i++)
        {
            bool last = i == buffers.Length - 1;
            WriteDescriptor(DescriptorTable, _nextDescriptor, buffers[i].Address, buffers[i].Length,
                (ushort)((buffers[i].Writable ? Write : 0) | (last ? 0 : Next)), (ushort)(_nextDescriptor + 1));
            _nextDescriptor++;
        }

        Publish(head);
        return head;
    }

    /// <summary>Publishes one descriptor pointing at an indirect table holding the chain.</summary>
    public ushort SubmitIndirect(params (ulong Address, uint Length, bool Writable)[] buffers)
    {
        for (int i = 0; i < buffers.Length; i++)
        {
            bool last = i == buffers.Length - 1;
            WriteDescriptor(IndirectTable, (ushort)i, buffers[i].Address, buffers[i].Length,
                (ushort)((buffers[i].Writable ? Write : 0) | (last ? 0 : Next)), (ushort)(i + 1));
        }

        ushort head = _nextDescriptor++;
        WriteDescriptor(DescriptorTable, head, IndirectTable, (uint)(16 * buffers.Length), Indirect, 0);
        Publish(head);
        return head;
    }

    /// <summary>Publishes a raw descriptor (for malformed chains).</summary>
    public void SubmitRaw(ushort index, ulong address, uint length, ushort flags, ushort next)
    {
        WriteDescriptor(DescriptorTable, index, address, length, flags, next);
        Publish(index);
    }

    public void SetAvailFlags(ushort flags) => Memory.WriteUInt16(AvailRing, flags);

    public void Notify() => WriteRegister(0x50, (ulong)_queue);

    public ushort UsedIndex => Memory.ReadUInt16(UsedRing + 2);

    public (uint Id, uint Length) UsedElement(int slot) =>
        (Memory.ReadUInt32(UsedRing + 4 + (ulong)(8 * slot)), Memory.ReadUInt32(UsedRing + 8 + (ulong)(8 * slot)));

    public byte ByteAt(ulong address) => Memory.Bytes[address - FakeGuestMemory.Base];

    public byte[] BytesAt(ulong address, int length) => Memory.Bytes.AsSpan((int)(address - FakeGuestMemory.Base), length).ToArray();

    private void WriteDescriptor(ulong table, ushort index, ulong address, uint length, ushort flags, ushort next)
    {
        ulong entry = table + 16UL * index;
        Memory.WriteUInt64(entry, address);
        Memory.WriteUInt32(entry + 8, length);
        Memory.WriteUInt16(entry + 12, flags);
        Memory.WriteUInt16(entry + 14, next);
    }

    private void Publish(ushort head)
    {
        Memory.WriteUInt16(AvailRing + 4 + 2UL * (ulong)(_availIndex % QueueSize), head);
        _availIndex++;
        Memory.WriteUInt16(AvailRing + 2, _availIndex);
    }
}
