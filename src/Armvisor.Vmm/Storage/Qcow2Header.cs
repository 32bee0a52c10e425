using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Vmm.Storage;

/// <summary>
/// The qcow2 header and the header extensions this implementation reads (QEMU docs/interop/qcow2.txt, "Header" and
/// "Header extensions"; all fields big-endian). Version 2 and 3 images; v3 fields default as the spec says for v2.
/// </summary>
public sealed record Qcow2Header
{
    /// <summary>"QFI\xfb".</summary>
    public const uint Magic = 0x5146_49FB;

    // Incompatible feature bits (qcow2.txt, bytes 72-79).
    public const ulong IncompatibleDirty = 1UL << 0;
    public const ulong IncompatibleCorrupt = 1UL << 1;
    public const ulong IncompatibleExternalData = 1UL << 2;
    public const ulong IncompatibleCompressionType = 1UL << 3;
    public const ulong IncompatibleExtendedL2 = 1UL << 4;

    // Header extension types.
    private const uint ExtensionEnd = 0;
    private const uint ExtensionBackingFormat = 0xE279_2ACA;

    public required int Version { get; init; }

    public required ulong BackingFileOffset { get; init; }

    public required uint BackingFileSize { get; init; }

    public required int ClusterBits { get; init; }

    /// <summary>Virtual disk size in bytes.</summary>
    public required ulong Size { get; init; }

    public required uint CryptMethod { get; init; }

    public required uint L1Size { get; init; }

    public required ulong L1TableOffset { get; init; }

    public required ulong RefcountTableOffset { get; init; }

    public required uint RefcountTableClusters { get; init; }

    public required uint SnapshotCount { get; init; }

    public ulong IncompatibleFeatures { get; init; }

    public int RefcountOrder { get; init; } = 4;

    public string? BackingFile { get; init; }

    /// <summary>From the backing file format extension ("raw", "qcow2"), or null.</summary>
    public string? BackingFormat { get; init; }

    /// <summary>Parses the first cluster of an image. Throws <see cref="InvalidDataException"/> for what is not qcow2.</summary>
    public static Qcow2Header Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 72 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != Magic)
        {
            throw new InvalidDataException("not a qcow2 image (no QFI\\xfb magic)");
        }

        int version = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]);
        if (version is not (2 or 3))
        {
            throw new InvalidDataException($"qcow2 version {version} is not supported (2 or 3)");
        }

        var header = new Qcow2Header
        {
            Version = version,
            BackingFileOffset = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BackingFileSize = BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]),
            ClusterBits = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[20..]),
            Size = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
            CryptMethod = BinaryPrimitives.ReadUInt32BigEndian(bytes[32..]),
            L1Size = BinaryPrimitives.ReadUInt32BigEndian(bytes[36..]),
            L1TableOffset = BinaryPrimitives.ReadUInt64BigEndian(bytes[40..]),
            RefcountTableOffset = BinaryPrimitives.ReadUInt64BigEndian(bytes[48..]),
            RefcountTableClusters = BinaryPrimitives.ReadUInt32BigEndian(bytes[56..]),
            SnapshotCount = BinaryPrimitives.ReadUInt32BigEndian(bytes[60..]),
        };
        int headerLength = 72;
        if (version == 3)
        {
            if (bytes.Length < 104)
            {
                throw new InvalidDataException("qcow2 v3 header truncated");
            }

            headerLength = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[100..]);
            header = header with
            {
                IncompatibleFeatures = BinaryPrimitives.ReadUInt64BigEndian(bytes[72..]),
                RefcountOrder = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[96..]),
            };
        }

        if (header.ClusterBits is < 9 or > 21)
        {
            throw new InvalidDataException($"qcow2 cluster_bits {header.ClusterBits} outside 9-21");
        }

        header = header with { BackingFormat = ReadBackingFormat(bytes, headerLength, header) };
        if (header.BackingFileOffset != 0)
        {
            if (header.BackingFileSize is 0 or > 1023 || header.BackingFileOffset + header.BackingFileSize > (ulong)bytes.Length)
            {
                throw new InvalidDataException("qcow2 backing file name outside the first cluster");
            }

            header = header with { BackingFile = Encoding.UTF8.GetString(bytes.Slice((int)header.BackingFileOffset, (int)header.BackingFileSize)) };
        }

        return header;
    }

    private static string? ReadBackingFormat(ReadOnlySpan<byte> bytes, int offset, Qcow2Header header)
    {
        string? format = null;
        while (offset + 8 <= bytes.Length && (header.BackingFileOffset == 0 || (ulong)offset < header.BackingFileOffset))
        {
            uint type = BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[(offset + 4)..]);
            if (type == ExtensionEnd)
            {
                break;
            }

            if (length < 0 || offset + 8 + length > bytes.Length)
            {
                throw new InvalidDataException("qcow2 header extension runs past the first cluster");
            }

            if (type == ExtensionBackingFormat)
            {
                format = Encoding.ASCII.GetString(bytes.Slice(offset + 8, length));
            }

            offset += 8 + ((length + 7) & ~7);
        }

        return format;
    }
}
