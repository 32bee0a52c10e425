using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>One property of a parsed device tree node; values are big-endian cells (DTSpec 0.4 §2.2.4).</summary>
public sealed record FdtProperty(string Name, byte[] Value)
{
    /// <summary>The value as one 32-bit cell.</summary>
    public uint AsU32() => Value.Length == 4
        ? BinaryPrimitives.ReadUInt32BigEndian(Value)
        : throw new InvalidOperationException($"property \"{Name}\" is {Value.Length} bytes, not one cell");

    /// <summary>The value as a 32- or 64-bit number (linux,initrd-start may be either).</summary>
    public ulong AsU64() => Value.Length switch
    {
        4 => BinaryPrimitives.ReadUInt32BigEndian(Value),
        8 => BinaryPrimitives.ReadUInt64BigEndian(Value),
        _ => throw new InvalidOperationException($"property \"{Name}\" is {Value.Length} bytes, not one or two cells"),
    };

    /// <summary>The value as NUL-separated strings.</summary>
    public IReadOnlyList<string> AsStrings() =>
        Encoding.UTF8.GetString(Value).TrimEnd('\0').Split('\0');

    /// <summary>The value as 32-bit cells.</summary>
    public IReadOnlyList<uint> AsCells()
    {
        var cells = new uint[Value.Length / 4];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = BinaryPrimitives.ReadUInt32BigEndian(Value.AsSpan(i * 4));
        }

        return cells;
    }
}
