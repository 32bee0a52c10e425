using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// Writes a flattened device tree blob, version 17 (DTSpec 0.4 §5): header, memory reservation block, structure
/// block and a de-duplicated strings block. Nodes are opened with <see cref="BeginNode"/> in a <c>using</c> scope;
/// properties must precede a node's children (DTSpec 0.4 §5.4.2).
/// </summary>
public sealed class FdtWriter
{
    /// <summary>Node names are at most 31 characters before the unit address (DTSpec 0.4 §2.2.1).</summary>
    private const int MaxNodeNameLength = 31;

    private readonly List<(ulong Address, ulong Size)> _reservations = [];
    private readonly List<byte> _structure = [];
    private readonly List<byte> _strings = [];
    private readonly Dictionary<string, int> _stringOffsets = new(StringComparer.Ordinal);
    private readonly Stack<NodeState> _open = new();
    private bool _rootWritten;
    private bool _finished;

    /// <summary>Adds a /memreserve/ entry; only allowed before the root node is opened.</summary>
    public void AddMemoryReservation(ulong address, ulong size)
    {
        if (_rootWritten)
        {
            throw new InvalidOperationException("memory reservations must be added before the root node");
        }

        _reservations.Add((address, size));
    }

    /// <summary>Opens a node (the root is ""). Dispose the returned scope to close it.</summary>
    public FdtNodeScope BeginNode(string name)
    {
        ThrowIfFinished();
        if (_open.Count == 0)
        {
            if (_rootWritten || name.Length != 0)
            {
                throw new InvalidOperationException("a device tree has exactly one root node, named \"\"");
            }

            _rootWritten = true;
        }
        else
        {
            ValidateNodeName(name);
            var parent = _open.Peek();
            if (!parent.ChildNames.Add(name))
            {
                throw new InvalidOperationException($"node \"{name}\" appears twice under the same parent");
            }

            parent.HasChildren = true;
        }

        WriteToken(FdtToken.BeginNode);
        _structure.AddRange(Encoding.ASCII.GetBytes(name));
        _structure.Add(0);
        PadStructure();
        _open.Push(new NodeState());
        return new FdtNodeScope(this, _open.Count);
    }

    internal void EndNode(int depth)
    {
        if (_open.Count != depth)
        {
            throw new InvalidOperationException("device tree nodes must be closed in the order they were opened");
        }

        _open.Pop();
        WriteToken(FdtToken.EndNode);
    }

    /// <summary>An empty property (a boolean such as <c>interrupt-controller</c>).</summary>
    public void PropertyNull(string name) => Property(name, []);

    /// <summary>A 32-bit cell.</summary>
    public void PropertyU32(string name, uint value) => PropertyCells(name, value);

    /// <summary>A 64-bit value as two cells, high first.</summary>
    public void PropertyU64(string name, ulong value) => PropertyCells(name, (uint)(value >> 32), (uint)value);

    /// <summary>A phandle reference (one cell).</summary>
    public void PropertyPhandle(string name, uint phandle) => PropertyU32(name, phandle);

    /// <summary>An array of 32-bit cells (<c>&lt;a b c&gt;</c>).</summary>
    public void PropertyCells(string name, params ReadOnlySpan<uint> cells)
    {
        var value = new byte[cells.Length * 4];
        for (var i = 0; i < cells.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(value.AsSpan(i * 4), cells[i]);
        }

        Property(name, value);
    }

    /// <summary>A NUL-terminated string.</summary>
    public void PropertyString(string name, string value) => PropertyStringList(name, value);

    /// <summary>Concatenated NUL-terminated strings (<c>"a", "b"</c>).</summary>
    public void PropertyStringList(string name, params ReadOnlySpan<string> values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            if (value.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"property \"{name}\" string contains NUL", nameof(values));
            }

            bytes.AddRange(Encoding.UTF8.GetBytes(value));
            bytes.Add(0);
        }

        Property(name, bytes.ToArray());
    }

    /// <summary>A property with raw bytes as its value.</summary>
    public void Property(string name, ReadOnlySpan<byte> value)
    {
        ThrowIfFinished();
        if (_open.Count == 0)
        {
            throw new InvalidOperationException($"property \"{name}\" outside any node");
        }

        var node = _open.Peek();
        if (node.HasChildren)
        {
            throw new InvalidOperationException($"property \"{name}\" after a child node (DTSpec §5.4.2 wants properties first)");
        }

        if (name.Length == 0 || !node.PropertyNames.Add(name))
        {
            throw new InvalidOperationException($"property \"{name}\" is empty or duplicated in one node");
        }

        WriteToken(FdtToken.Property);
        WriteWord((uint)value.Length);
        WriteWord((uint)StringOffset(name));
        _structure.AddRange(value);
        PadStructure();
    }

    /// <summary>Completes the blob. <paramref name="bootCpuId"/> fills boot_cpuid_phys.</summary>
    public byte[] Finish(uint bootCpuId = 0)
    {
        ThrowIfFinished();
        if (!_rootWritten || _open.Count != 0)
        {
            throw new InvalidOperationException("the root node must be written and closed before Finish");
        }

        WriteToken(FdtToken.End);
        _finished = true;

        var reservationOffset = FdtHeader.Size;                                   // 8-byte aligned (§5.3)
        var structOffset = reservationOffset + ((_reservations.Count + 1) * 16);    // 4-byte aligned (§5.4)
        var stringsOffset = structOffset + _structure.Count;
        var totalSize = stringsOffset + _strings.Count;

        var blob = new byte[totalSize];
        var span = blob.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.MagicOffset..], FdtHeader.Magic);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.TotalSizeOffset..], (uint)totalSize);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.StructOffsetOffset..], (uint)structOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.StringsOffsetOffset..], (uint)stringsOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.MemoryReservationOffsetOffset..], (uint)reservationOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.VersionOffset..], FdtHeader.Version);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.LastCompatibleVersionOffset..], FdtHeader.LastCompatibleVersion);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.BootCpuIdOffset..], bootCpuId);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.StringsSizeOffset..], (uint)_strings.Count);
        BinaryPrimitives.WriteUInt32BigEndian(span[FdtHeader.StructSizeOffset..], (uint)_structure.Count);

        for (var i = 0; i < _reservations.Count; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(span[(reservationOffset + (i * 16))..], _reservations[i].Address);
            BinaryPrimitives.WriteUInt64BigEndian(span[(reservationOffset + (i * 16) + 8)..], _reservations[i].Size);
        }

        // The terminating all-zero reservation entry is already zero.
        _structure.CopyTo(blob, structOffset);
        _strings.CopyTo(blob, stringsOffset);
        return blob;
    }

    private int StringOffset(string name)
    {
        if (!_stringOffsets.TryGetValue(name, out var offset))
        {
            offset = _strings.Count;
            _strings.AddRange(Encoding.ASCII.GetBytes(name));
            _strings.Add(0);
            _stringOffsets.Add(name, offset);
        }

        return offset;
    }

    private static void ValidateNodeName(string name)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        var baseName = at < 0 ? name : name[..at];
        if (baseName.Length == 0 || baseName.Length > MaxNodeNameLength || !baseName.All(IsNodeNameCharacter)
            || (at >= 0 && !name[(at + 1)..].All(IsNodeNameCharacter)))
        {
            throw new ArgumentException($"invalid device tree node name \"{name}\" (DTSpec 0.4 §2.2.1)", nameof(name));
        }
    }

    /// <summary>DTSpec 0.4 Table 2.1: node name characters.</summary>
    private static bool IsNodeNameCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ',' or '.' or '_' or '+' or '-';

    private void WriteToken(FdtToken token) => WriteWord((uint)token);

    private void WriteWord(uint value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, value);
        _structure.AddRange(word);
    }

    private void PadStructure()
    {
        while ((_structure.Count & 3) != 0)
        {
            _structure.Add(0);
        }
    }

    private void ThrowIfFinished()
    {
        if (_finished)
        {
            throw new InvalidOperationException("the device tree was already finished");
        }
    }

    private sealed class NodeState
    {
        public HashSet<string> PropertyNames { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ChildNames { get; } = new(StringComparer.Ordinal);

        public bool HasChildren { get; set; }
    }
}
