using System.Buffers.Binary;
using Armvisor.Arm64;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Devices.Flash;

/// <summary>
/// A CFI parallel NOR flash bank with the Intel/Sharp extended command set, the flash QEMU's virt board has at 0x0 and
/// 0x0400_0000 (pflash_cfi01) and that EDK2's VirtNorFlashDxe and U-Boot's cfi_flash drive: read array, read status,
/// clear status, read identifier, CFI query, word program, write to buffer, block erase and block lock/unlock (locks
/// are accepted and not enforced; a read-only bank refuses every program and erase with SR.1).
/// </summary>
/// <remarks>
/// The bank is <see cref="FlashGeometry.DeviceCount"/> chips side by side on the bus, each answering in its own lane:
/// the command is the low byte of a write, status, identifier and query data come back replicated in every lane of a
/// read wider than one chip, and query/identifier addresses are the bus address divided by the bank width (JESD68.01
/// §4.2). Programming only clears bits (NOR: new = old AND data); an erase sets a whole block to 0xFF. Operations
/// complete at once (SR.7 always reads ready). In read-array mode the storage is guest memory through
/// <see cref="IFlashArrayWindow"/>, so reads and instruction fetches never reach this device; in every other mode they
/// do. Guest-caused errors (a bad sequence, a write to a read-only bank) are reported in the status register, never
/// thrown. Writes to a bank opened on a file are written through to it (the EFI variable store persists).
/// </remarks>
public sealed class CfiParallelFlash : IMmioDevice, IDisposable
{
    private readonly Lock _gate = new();
    private readonly GuestRam _storage;
    private readonly FlashGeometry _geometry;
    private readonly bool _readOnly;
    private readonly Stream? _backing;
    private readonly IFlashArrayWindow? _window;
    private readonly ILogger _logger;
    private readonly byte[] _query;
    private readonly List<(ulong Offset, AccessSize Size, ulong Value)> _buffer = [];
    private ReadMode _mode = ReadMode.Array;
    private WriteCycle _cycle = WriteCycle.Command;
    private byte _status;
    private int _bufferWordsLeft;

    /// <param name="storage">The bank's contents (its range is the bank's guest physical range).</param>
    /// <param name="backing">A file the bank's writes go through to (its first bytes are the bank's), or null.</param>
    /// <param name="window">Maps the storage while the bank is in read-array mode; null when nothing maps it (tests).</param>
    public CfiParallelFlash(GuestRam storage, FlashGeometry geometry, bool readOnly, Stream? backing = null,
        IFlashArrayWindow? window = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(geometry);
        if (storage.Range.Length != geometry.Size)
        {
            throw new ArgumentException($"flash storage of 0x{storage.Range.Length:X} bytes for a 0x{geometry.Size:X}-byte bank", nameof(storage));
        }

        _storage = storage;
        _geometry = geometry;
        _readOnly = readOnly;
        _backing = backing;
        _window = window;
        _logger = logger ?? NullLogger.Instance;
        _query = CfiQueryTable.Build(geometry);
    }

    private enum ReadMode
    {
        Array,
        Status,
        Identifier,
        Query,
    }

    private enum WriteCycle
    {
        Command,
        ProgramData,
        EraseConfirm,
        LockConfirm,
        BufferCount,
        BufferData,
        BufferConfirm,
    }

    public ulong Size => _geometry.Size;

    /// <summary>True while reads return the array (the storage is mapped as memory).</summary>
    public bool InReadArrayMode
    {
        get
        {
            lock (_gate)
            {
                return _mode == ReadMode.Array;
            }
        }
    }

    public ulong Read(ulong offset, AccessSize size)
    {
        lock (_gate)
        {
            return _mode switch
            {
                ReadMode.Array => ReadArray(offset, size),
                ReadMode.Status => Replicate(_status, size),
                ReadMode.Identifier => Replicate(IdentifierAt(offset), size),
                _ => Replicate(QueryAt(offset), size),
            };
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        lock (_gate)
        {
            byte command = (byte)value;
            switch (_cycle)
            {
                case WriteCycle.Command:
                    StartCommand((FlashCommand)command, offset);
                    break;
                case WriteCycle.ProgramData:
                    Program(offset, size, value);
                    Finish();
                    break;
                case WriteCycle.EraseConfirm:
                    if (command == (byte)FlashCommand.Confirm)
                    {
                        EraseBlock(offset);
                    }
                    else
                    {
                        _status |= FlashStatus.SequenceError;
                    }

                    Finish();
                    break;
                case WriteCycle.LockConfirm:
                    // 0x01 set lock, 0xD0 clear locks, 0x2F lock-down: accepted, not enforced.
                    _status |= command is 0x01 or (byte)FlashCommand.Confirm or 0x2F ? FlashStatus.Ready : FlashStatus.SequenceError;
                    Finish();
                    break;
                case WriteCycle.BufferCount:
                    StartBuffer(value);
                    break;
                case WriteCycle.BufferData:
                    _buffer.Add((offset, size, value));
                    if (--_bufferWordsLeft == 0)
                    {
                        _cycle = WriteCycle.BufferConfirm;
                    }

                    break;
                case WriteCycle.BufferConfirm:
                    if (command == (byte)FlashCommand.Confirm)
                    {
                        foreach ((ulong o, AccessSize s, ulong v) in _buffer)
                        {
                            Program(o, s, v);
                        }
                    }
                    else
                    {
                        _status |= FlashStatus.SequenceError; // the buffered data is discarded
                    }

                    _buffer.Clear();
                    Finish();
                    break;
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _status = 0;
            _buffer.Clear();
            _cycle = WriteCycle.Command;
            SetMode(ReadMode.Array);
        }
    }

    public void Dispose() => _backing?.Dispose();

    private void StartCommand(FlashCommand command, ulong offset)
    {
        switch (command)
        {
            case FlashCommand.Reset or FlashCommand.ReadArray or FlashCommand.AmdReset:
                SetMode(ReadMode.Array);
                break;
            case FlashCommand.Program or FlashCommand.ProgramAlternate:
                Expect(WriteCycle.ProgramData);
                break;
            case FlashCommand.BlockErase:
                Expect(WriteCycle.EraseConfirm);
                break;
            case FlashCommand.LockSetup:
                Expect(WriteCycle.LockConfirm);
                break;
            case FlashCommand.WriteToBuffer:
                // The extended status (XSR.7) says a buffer is available, which it always is.
                _status |= FlashStatus.Ready;
                Expect(WriteCycle.BufferCount);
                break;
            case FlashCommand.ClearStatus:
                _status = 0;
                SetMode(ReadMode.Array);
                break;
            case FlashCommand.ReadStatus:
                SetMode(ReadMode.Status);
                break;
            case FlashCommand.ReadIdentifier:
                SetMode(ReadMode.Identifier);
                break;
            case FlashCommand.CfiQuery:
                SetMode(ReadMode.Query);
                break;
            case FlashCommand.Suspend or FlashCommand.Confirm:
                // Suspend and resume: every operation is already complete.
                SetMode(ReadMode.Status);
                break;
            default:
                _logger.LogDebug("flash: unknown command 0x{Command:X2} at 0x{Offset:X}; back to read array", (byte)command, offset);
                SetMode(ReadMode.Array);
                break;
        }
    }

    private void Expect(WriteCycle next)
    {
        _cycle = next;
        SetMode(ReadMode.Status);
    }

    private void Finish()
    {
        _status |= FlashStatus.Ready;
        _cycle = WriteCycle.Command;
        SetMode(ReadMode.Status);
    }

    private void StartBuffer(ulong value)
    {
        // Each chip takes the word count minus one in its own lane.
        int words = (int)(value & LaneMask) + 1;
        if ((long)words * _geometry.DeviceWidth > _geometry.WriteBufferBytesPerDevice)
        {
            _status |= FlashStatus.SequenceError;
            Finish();
            return;
        }

        _buffer.Clear();
        _bufferWordsLeft = words;
        _cycle = WriteCycle.BufferData;
    }

    private void SetMode(ReadMode mode)
    {
        bool wasArray = _mode == ReadMode.Array;
        _mode = mode;
        if (wasArray != (mode == ReadMode.Array))
        {
            _window?.SetArrayVisible(mode == ReadMode.Array);
        }
    }

    private ulong LaneMask => _geometry.DeviceWidth >= 8 ? ulong.MaxValue : (1UL << (_geometry.DeviceWidth * 8)) - 1;

    private ulong ReadArray(ulong offset, AccessSize size)
    {
        Span<byte> bytes = stackalloc byte[8];
        _storage.Read(_storage.Range.Start + offset, bytes[..(int)size]);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>A chip's answer repeated in every chip-wide lane of a read (a narrower read sees one chip's answer).</summary>
    private ulong Replicate(ulong laneValue, AccessSize size)
    {
        int laneBits = _geometry.DeviceWidth * 8;
        int readBits = (int)size * 8;
        if (readBits <= laneBits)
        {
            return readBits == 64 ? laneValue : laneValue & ((1UL << readBits) - 1);
        }

        ulong result = 0;
        for (int shift = 0; shift + laneBits <= readBits; shift += laneBits)
        {
            result |= laneValue << shift;
        }

        return result;
    }

    private ulong ChipAddress(ulong offset) => offset / (ulong)_geometry.BankWidth;

    private byte QueryAt(ulong offset)
    {
        ulong index = ChipAddress(offset);
        return index < (ulong)_query.Length ? _query[index] : (byte)0;
    }

    /// <summary>Read-identifier data: address 0 manufacturer, 1 device, 2 block lock status (unlocked) of that block.</summary>
    private ulong IdentifierAt(ulong offset) => (ChipAddress(offset) & 0xFF) switch
    {
        0 => _geometry.ManufacturerId,
        1 => _geometry.DeviceId,
        _ => 0,
    };

    private void Program(ulong offset, AccessSize size, ulong value)
    {
        if (_readOnly)
        {
            _status |= FlashStatus.ProgramError | FlashStatus.BlockLocked;
            return;
        }

        Span<byte> cells = _storage.GetSpan(_storage.Range.Start + offset, (int)size);
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] &= (byte)(value >> (8 * i)); // NOR programming clears bits only
        }

        WriteThrough(offset, cells);
    }

    private void EraseBlock(ulong offset)
    {
        if (_readOnly)
        {
            _status |= FlashStatus.EraseError | FlashStatus.BlockLocked;
            return;
        }

        ulong start = offset & ~(_geometry.BlockSize - 1);
        Span<byte> block = _storage.GetSpan(_storage.Range.Start + start, (int)_geometry.BlockSize);
        block.Fill(0xFF);
        WriteThrough(start, block);
    }

    private void WriteThrough(ulong offset, ReadOnlySpan<byte> bytes)
    {
        if (_backing is null)
        {
            return;
        }

        try
        {
            _backing.Position = (long)offset;
            _backing.Write(bytes);
            _backing.Flush();
        }
        catch (IOException e)
        {
            // The guest's write took effect in the bank; only the file is behind. Say so once per failure.
            _logger.LogError("flash: cannot write 0x{Length:X} bytes at 0x{Offset:X} to the flash file: {Message}", bytes.Length, offset, e.Message);
        }
    }
}
