using System.Buffers.Binary;

namespace Armvisor.Devices.Virtio.Net;

/// <summary>
/// struct virtio_net_hdr as a VIRTIO_F_VERSION_1 device sees it (virtio 1.1 §5.1.6): always 12 bytes, num_buffers
/// included whether or not VIRTIO_NET_F_MRG_RXBUF was negotiated. Little-endian fields.
/// </summary>
public readonly record struct VirtioNetHeader(byte Flags, byte GsoType, ushort HeaderLength, ushort GsoSize, ushort ChecksumStart,
    ushort ChecksumOffset, ushort BufferCount)
{
    /// <summary>Size of the header in front of every frame on both queues.</summary>
    public const int Size = 12;

    /// <summary>VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum from csum_start to the end still has to be completed.</summary>
    public const byte FlagNeedsChecksum = 1;

    /// <summary>VIRTIO_NET_HDR_GSO_NONE.</summary>
    public const byte GsoNone = 0;

    public static VirtioNetHeader Read(ReadOnlySpan<byte> bytes) => new(
        bytes[0], bytes[1],
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt16LittleEndian(bytes[10..]));

    public void Write(Span<byte> bytes)
    {
        bytes[0] = Flags;
        bytes[1] = GsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[2..], HeaderLength);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[4..], GsoSize);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[6..], ChecksumStart);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[8..], ChecksumOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes[10..], BufferCount);
    }
}
