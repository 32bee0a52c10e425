using System.Buffers.Binary;
using System.Text;
using Armvisor.Arm64;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.FwCfg;

/// <summary>
/// QEMU's firmware configuration device on the virt board's MMIO (0x09020000, 0x18 bytes; QEMU docs/specs/fw_cfg.rst):
/// firmware selects an item by key and reads it as a byte stream, or hands the device an FWCfgDmaAccess descriptor.
/// </summary>
/// <remarks>
/// Items are fixed when the machine is built (<see cref="AddItem"/>, <see cref="AddFile"/>); the signature, the
/// feature ID (traditional + DMA) and the file directory (big-endian FWCfgFile entries sorted by name) are provided by
/// the device. Guest errors never throw: a read past an item's end or of an unknown key yields zeros, a DMA descriptor
/// or buffer outside RAM or a write to a read-only item sets the descriptor's error bit, other accesses are ignored and
/// logged. Thread-safe (one lock, held across a DMA transfer, as the device is one stream).
/// </remarks>
public sealed class FwCfgDevice : IMmioDevice
{
    /// <summary>Size of the MMIO window (QEMU virt's VIRT_FW_CFG).</summary>
    public const ulong WindowSize = 0x18;

    /// <summary>The DMA address register reads as "QEMU CFG" (fw_cfg.rst "DMA Address Register").</summary>
    public const ulong DmaSignature = 0x5145_4D55_2043_4647;

    /// <summary>FW_CFG_ID bits: traditional interface (bit 0), DMA interface (bit 1).</summary>
    public const uint FeatureTraditional = 1, FeatureDma = 2;

    /// <summary>Length of the name field of an FWCfgFile entry, NUL included.</summary>
    public const int FileNameLength = 56;

    private const int DmaDescriptorSize = 16;
    private const int MaxDmaChunk = 1 << 20;

    private readonly object _gate = new();
    private readonly IGuestMemory _memory;
    private readonly GuestAccessLog _log;
    private readonly Dictionary<ushort, byte[]> _items = [];
    private readonly List<FwCfgFile> _files = [];
    private ushort _selector;
    private uint _offset;
    private uint _dmaHigh;

    public FwCfgDevice(IGuestMemory memory, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(memory);
        _memory = memory;
        _log = new GuestAccessLog("fw_cfg", logger);
        _items[FwCfgItem.Signature] = "QEMU"u8.ToArray();
        _items[FwCfgItem.Id] = LittleEndian32(FeatureTraditional | FeatureDma);
        RebuildDirectory();
    }

    public ulong Size => WindowSize;

    /// <summary>The named files, in directory (name) order.</summary>
    public IReadOnlyList<FwCfgFile> Files
    {
        get
        {
            lock (_gate)
            {
                return _files.ToArray();
            }
        }
    }

    /// <summary>Sets the contents of a fixed item (numeric items are little-endian, fw_cfg.rst).</summary>
    public void AddItem(ushort key, byte[] contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        if (key is FwCfgItem.Signature or FwCfgItem.Id or FwCfgItem.FileDirectory || key >= FwCfgItem.FileFirst)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, "the device owns this key; files go through AddFile");
        }

        lock (_gate)
        {
            _items[key] = contents;
        }
    }

    /// <summary>A 16-bit little-endian item (fw_cfg_add_i16).</summary>
    public void AddItem(ushort key, ushort value) => AddItem(key, BitConverter.GetBytes(value));

    /// <summary>A 32-bit little-endian item (fw_cfg_add_i32).</summary>
    public void AddItem(ushort key, uint value) => AddItem(key, LittleEndian32(value));

    /// <summary>A 64-bit little-endian item (fw_cfg_add_i64).</summary>
    public void AddItem(ushort key, ulong value) => AddItem(key, BitConverter.GetBytes(value));

    /// <summary>Adds a named file and returns its key; keys are given in order of addition, the directory is sorted by name.</summary>
    public ushort AddFile(string name, byte[] contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(contents);
        if (Encoding.ASCII.GetByteCount(name) >= FileNameLength)
        {
            throw new ArgumentException($"fw_cfg file name '{name}' is longer than {FileNameLength - 1} bytes", nameof(name));
        }

        lock (_gate)
        {
            if (_files.Any(f => f.Name == name))
            {
                throw new ArgumentException($"fw_cfg file '{name}' exists", nameof(name));
            }

            var key = (ushort)(FwCfgItem.FileFirst + _files.Count);
            _files.Add(new FwCfgFile(name, key, contents));
            _files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            _items[key] = contents;
            RebuildDirectory();
            return key;
        }
    }

    public ulong Read(ulong offset, AccessSize size)
    {
        FwCfgRegister? register = FwCfgRegister.Find(offset, size);
        lock (_gate)
        {
            switch (register?.Name)
            {
                case "Data":
                    return ReadStream((int)size);
                case "DmaAddress":
                    // A big-endian register: the byte at the lowest address is the most significant.
                    int shift = (int)(8 - (offset - register.Offset) - (ulong)size) * 8;
                    ulong value = (DmaSignature >> shift) & Mask(size);
                    return Swap(value, size);
                default:
                    // The selector is write-only (QEMU reads it as 0); anything else is not a register.
                    if (register is null)
                    {
                        _log.UnknownRead(offset, size);
                    }

                    return 0;
            }
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        FwCfgRegister? register = FwCfgRegister.Find(offset, size);
        lock (_gate)
        {
            switch (register?.Name)
            {
                case "Selector":
                    Select((ushort)Swap(value, size));
                    break;
                case "DmaAddress" when size == AccessSize.Doubleword:
                    RunDma(Swap(value, size));
                    break;
                case "DmaAddress" when offset == register.Offset:
                    _dmaHigh = (uint)Swap(value, size);
                    break;
                case "DmaAddress":
                    RunDma(((ulong)_dmaHigh << 32) | Swap(value, size));
                    _dmaHigh = 0;
                    break;
                case "Data":
                    // Data register writes are ignored since QEMU 2.4 (fw_cfg.rst "Data Register"); use DMA writes.
                    _log.GuestError("write to the fw_cfg data register ignored");
                    break;
                default:
                    _log.UnknownWrite(offset, size, value);
                    break;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _selector = 0;
            _offset = 0;
            _dmaHigh = 0;
        }
    }

    private void Select(ushort key)
    {
        _selector = key;
        _offset = 0;
    }

    /// <summary>The selected item (the write bit does not change which item is selected); null for an unknown key.</summary>
    private byte[]? Current => _items.GetValueOrDefault((ushort)(_selector & ~FwCfgItem.WriteBit));

    /// <summary>The next <paramref name="count"/> bytes of the item, the first at the lowest address (zeros past its end).</summary>
    private ulong ReadStream(int count)
    {
        byte[]? item = Current;
        ulong value = 0;
        for (int i = 0; i < count; i++)
        {
            if (item is not null && _offset < item.Length)
            {
                value |= (ulong)item[_offset] << (8 * i);
                _offset++;
            }
        }

        return value;
    }

    /// <summary>Runs the FWCfgDmaAccess at <paramref name="address"/> and writes its control word back (fw_cfg.rst "DMA interface").</summary>
    private void RunDma(ulong address)
    {
        Span<byte> descriptor = stackalloc byte[DmaDescriptorSize];
        try
        {
            _memory.Read(new GuestPhysicalAddress(address), descriptor);
        }
        catch (GuestMemoryException)
        {
            _log.GuestError($"fw_cfg DMA descriptor at 0x{address:x} is outside RAM");
            return;
        }

        var control = (FwCfgDmaControl)BinaryPrimitives.ReadUInt32BigEndian(descriptor);
        uint length = BinaryPrimitives.ReadUInt32BigEndian(descriptor[4..]);
        ulong buffer = BinaryPrimitives.ReadUInt64BigEndian(descriptor[8..]);
        if (control.HasFlag(FwCfgDmaControl.Select))
        {
            Select((ushort)((uint)control >> 16));
        }

        bool error = false;
        try
        {
            if (control.HasFlag(FwCfgDmaControl.Read))
            {
                Transfer(buffer, length, toGuest: true);
            }
            else if (control.HasFlag(FwCfgDmaControl.Write))
            {
                // No item of this machine is guest-writable (fw_cfg.rst: a write to a read-only item is an error).
                error = length > 0;
            }
            else if (control.HasFlag(FwCfgDmaControl.Skip))
            {
                Advance(length);
            }
        }
        catch (GuestMemoryException)
        {
            _log.GuestError($"fw_cfg DMA buffer 0x{buffer:x}+0x{length:x} is outside RAM");
            error = true;
        }

        Span<byte> result = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(result, error ? (uint)FwCfgDmaControl.Error : 0);
        try
        {
            _memory.Write(new GuestPhysicalAddress(address), result);
        }
        catch (GuestMemoryException)
        {
            _log.GuestError($"fw_cfg DMA descriptor at 0x{address:x} is outside RAM");
        }
    }

    /// <summary>Copies <paramref name="length"/> bytes of the item to guest memory; bytes past its end read as zero.</summary>
    private void Transfer(ulong buffer, uint length, bool toGuest)
    {
        byte[]? item = Current;
        ulong done = 0;
        var zeros = new byte[Math.Min(length, (uint)MaxDmaChunk)];
        while (done < length && toGuest)
        {
            int available = item is null || _offset >= item.Length ? 0 : item.Length - (int)_offset;
            int chunk = (int)Math.Min(length - done, (ulong)(available > 0 ? available : zeros.Length));
            chunk = Math.Min(chunk, MaxDmaChunk);
            ReadOnlySpan<byte> source = available > 0 ? item.AsSpan((int)_offset, chunk) : zeros.AsSpan(0, chunk);
            _memory.Write(new GuestPhysicalAddress(buffer + done), source);
            done += (ulong)chunk;
            if (available > 0)
            {
                _offset += (uint)chunk;
            }
        }
    }

    private void Advance(uint length)
    {
        byte[]? item = Current;
        ulong end = (ulong)_offset + length;
        _offset = (uint)Math.Min(end, (ulong)(item?.Length ?? 0));
    }

    /// <summary>FW_CFG_FILE_DIR: be32 count, then per file be32 size, be16 select, be16 reserved, char name[56].</summary>
    private void RebuildDirectory()
    {
        var directory = new byte[4 + _files.Count * (8 + FileNameLength)];
        BinaryPrimitives.WriteUInt32BigEndian(directory, (uint)_files.Count);
        for (int i = 0; i < _files.Count; i++)
        {
            Span<byte> entry = directory.AsSpan(4 + i * (8 + FileNameLength), 8 + FileNameLength);
            BinaryPrimitives.WriteUInt32BigEndian(entry, (uint)_files[i].Contents.Length);
            BinaryPrimitives.WriteUInt16BigEndian(entry[4..], _files[i].Key);
            Encoding.ASCII.GetBytes(_files[i].Name, entry[8..]);
        }

        _items[FwCfgItem.FileDirectory] = directory;
    }

    private static byte[] LittleEndian32(uint value) => BitConverter.GetBytes(value);

    private static ulong Mask(AccessSize size) => size == AccessSize.Doubleword ? ulong.MaxValue : (1UL << (8 * (int)size)) - 1;

    /// <summary>Reverses the byte order of a <paramref name="size"/>-byte value (a big-endian register seen by a little-endian guest).</summary>
    private static ulong Swap(ulong value, AccessSize size) => size switch
    {
        AccessSize.Byte => value & 0xFF,
        AccessSize.Halfword => BinaryPrimitives.ReverseEndianness((ushort)value),
        AccessSize.Word => BinaryPrimitives.ReverseEndianness((uint)value),
        _ => BinaryPrimitives.ReverseEndianness(value),
    };
}
