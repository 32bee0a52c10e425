using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// Parses and validates a flattened device tree blob (DTSpec 0.4 §5). User DTBs are untrusted input: every offset and
/// length is checked, and any defect is a <see cref="BootImageException"/> with <see cref="BootImageError.MalformedDeviceTree"/>.
/// </summary>
public static class FdtReader
{
    /// <summary>Largest DTB booting.rst allows ("must not exceed 2 megabytes").</summary>
    public const int MaxBlobSize = 2 * 1024 * 1024;

    private const int MaxDepth = 64;

    public static FdtTree Parse(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < FdtHeader.Size)
        {
            throw Malformed($"{blob.Length} bytes is shorter than the 40-byte header");
        }

        if (Word(blob, FdtHeader.MagicOffset) != FdtHeader.Magic)
        {
            throw Malformed($"bad magic 0x{Word(blob, FdtHeader.MagicOffset):X8} (expected 0xD00DFEED)");
        }

        var totalSize = Word(blob, FdtHeader.TotalSizeOffset);
        if (totalSize > blob.Length || totalSize < FdtHeader.Size || totalSize > MaxBlobSize)
        {
            throw Malformed($"totalsize {totalSize} does not fit the {blob.Length}-byte file or the 2 MiB limit");
        }

        var version = Word(blob, FdtHeader.VersionOffset);
        var lastCompatible = Word(blob, FdtHeader.LastCompatibleVersionOffset);
        if (version < FdtHeader.LastCompatibleVersion || lastCompatible > FdtHeader.Version)
        {
            throw Malformed($"version {version} (last compatible {lastCompatible}) is not readable as v17");
        }

        blob = blob[..(int)totalSize];
        var structOffset = Word(blob, FdtHeader.StructOffsetOffset);
        var structSize = Word(blob, FdtHeader.StructSizeOffset);
        var stringsOffset = Word(blob, FdtHeader.StringsOffsetOffset);
        var stringsSize = Word(blob, FdtHeader.StringsSizeOffset);
        var reservationOffset = Word(blob, FdtHeader.MemoryReservationOffsetOffset);
        CheckBlock(blob, "structure block", structOffset, structSize, 4);
        CheckBlock(blob, "strings block", stringsOffset, stringsSize, 1);
        CheckBlock(blob, "memory reservation block", reservationOffset, 16, 8);

        var reservations = ReadReservations(blob, (int)reservationOffset);
        var strings = blob.Slice((int)stringsOffset, (int)stringsSize);
        var root = ReadStructure(blob.Slice((int)structOffset, (int)structSize), strings);
        return new FdtTree(root, reservations, Word(blob, FdtHeader.BootCpuIdOffset));
    }

    private static List<(ulong, ulong)> ReadReservations(ReadOnlySpan<byte> blob, int offset)
    {
        var list = new List<(ulong, ulong)>();
        while (true)
        {
            if (offset + 16 > blob.Length)
            {
                throw Malformed("memory reservation block has no terminating entry");
            }

            var address = BinaryPrimitives.ReadUInt64BigEndian(blob[offset..]);
            var size = BinaryPrimitives.ReadUInt64BigEndian(blob[(offset + 8)..]);
            if (address == 0 && size == 0)
            {
                return list;
            }

            list.Add((address, size));
            offset += 16;
        }
    }

    private static FdtNode ReadStructure(ReadOnlySpan<byte> structure, ReadOnlySpan<byte> strings)
    {
        var stack = new Stack<FdtNode>();
        FdtNode? root = null;
        var position = 0;
        while (true)
        {
            if (position + 4 > structure.Length)
            {
                throw Malformed("structure block ends without an FDT_END token");
            }

            var token = (FdtToken)Word(structure, position);
            position += 4;
            switch (token)
            {
                case FdtToken.BeginNode:
                {
                    var name = ReadCString(structure, position, "node name");
                    position = Align4(position + Encoding.UTF8.GetByteCount(name) + 1);
                    if (root is not null && stack.Count == 0)
                    {
                        throw Malformed($"second top-level node \"{name}\"");
                    }

                    if (stack.Count >= MaxDepth)
                    {
                        throw Malformed($"nodes nested deeper than {MaxDepth}");
                    }

                    var node = new FdtNode(name);
                    if (stack.Count == 0)
                    {
                        root = node;
                    }
                    else
                    {
                        stack.Peek().Children.Add(node);
                    }

                    stack.Push(node);
                    break;
                }

                case FdtToken.EndNode:
                    if (stack.Count == 0)
                    {
                        throw Malformed("FDT_END_NODE without an open node");
                    }

                    stack.Pop();
                    break;

                case FdtToken.Property:
                {
                    if (stack.Count == 0 || position + 8 > structure.Length)
                    {
                        throw Malformed("FDT_PROP outside a node or truncated");
                    }

                    var length = Word(structure, position);
                    var nameOffset = Word(structure, position + 4);
                    position += 8;
                    if (length > (uint)(structure.Length - position))
                    {
                        throw Malformed($"property value of {length} bytes runs past the structure block");
                    }

                    if (nameOffset >= strings.Length)
                    {
                        throw Malformed($"property name offset {nameOffset} is outside the strings block");
                    }

                    var name = ReadCString(strings, (int)nameOffset, "property name");
                    stack.Peek().Properties.Add(new FdtProperty(name, structure.Slice(position, (int)length).ToArray()));
                    position = Align4(position + (int)length);
                    break;
                }

                case FdtToken.Nop:
                    break;

                case FdtToken.End:
                    if (root is null || stack.Count != 0)
                    {
                        throw Malformed("FDT_END with unclosed nodes or no root node");
                    }

                    return root;

                default:
                    throw Malformed($"unknown structure token 0x{(uint)token:X} at offset {position - 4}");
            }
        }
    }

    private static string ReadCString(ReadOnlySpan<byte> data, int offset, string what)
    {
        if (offset >= data.Length)
        {
            throw Malformed($"{what} starts past its block");
        }

        var end = data[offset..].IndexOf((byte)0);
        if (end < 0)
        {
            throw Malformed($"{what} at offset {offset} is not NUL-terminated");
        }

        return Encoding.UTF8.GetString(data.Slice(offset, end));
    }

    private static void CheckBlock(ReadOnlySpan<byte> blob, string what, uint offset, uint size, int alignment)
    {
        if (offset < FdtHeader.Size || offset > blob.Length || size > blob.Length - offset || offset % alignment != 0)
        {
            throw Malformed($"{what} at offset {offset} of {size} bytes is misaligned or outside the blob");
        }
    }

    private static int Align4(int value) => (value + 3) & ~3;

    private static uint Word(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    private static BootImageException Malformed(string detail) =>
        new(BootImageError.MalformedDeviceTree, $"malformed device tree blob: {detail}");
}
