using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Devices.Tests.Fakes;

/// <summary>Guest RAM as a managed array at <see cref="Base"/>; outside it, accesses throw like real RAM does.</summary>
public sealed class FakeGuestMemory(ulong size) : IGuestMemory
{
    public const ulong Base = 0x4000_0000;

    public byte[] Bytes { get; } = new byte[size];

    public void Read(GuestPhysicalAddress address, Span<byte> destination) => Slice(address, destination.Length).CopyTo(destination);

    public void Write(GuestPhysicalAddress address, ReadOnlySpan<byte> source) => source.CopyTo(Slice(address, source.Length));

    public ushort ReadUInt16(ulong address) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(new(address), 2));

    public uint ReadUInt32(ulong address) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(new(address), 4));

    public void WriteUInt16(ulong address, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Slice(new(address), 2), value);

    public void WriteUInt32(ulong address, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Slice(new(address), 4), value);

    public void WriteUInt64(ulong address, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Slice(new(address), 8), value);

    private Span<byte> Slice(GuestPhysicalAddress address, int length)
    {
        if (address.Value < Base || address.Value - Base + (ulong)length > (ulong)Bytes.Length)
        {
            throw new GuestMemoryException($"{length} bytes at {address} outside fake RAM");
        }

        return Bytes.AsSpan((int)(address.Value - Base), length);
    }
}
