using Armvisor.Arm64;

namespace Armvisor.Devices.Registers;

/// <summary>
/// A device's registers declared as data (a slimmed-down Renode <c>DoubleWordRegisterCollection</c>): the device
/// calls <see cref="Define"/> and <see cref="DefineArray"/> once, then forwards every MMIO access to
/// <see cref="Read"/> and <see cref="Write"/>.
/// </summary>
/// <remarks>
/// Accesses of any size are split into the naturally aligned Word or Doubleword units of the registers they touch;
/// a narrower write changes only the fields it covers. Offsets no register covers read as zero, ignore writes and
/// produce one rate-limited log line. The map itself is not synchronised: the owning device serialises access.
/// </remarks>
public sealed partial class RegisterMap
{
    private readonly List<IRegisterBlock> _blocks = [];
    private readonly List<Register> _registers = [];

    public RegisterMap(ulong size, GuestAccessLog log)
    {
        Size = size;
        Log = log;
    }

    /// <summary>Size of the window the map decodes, in bytes.</summary>
    public ulong Size { get; }

    /// <summary>The log unknown accesses go to.</summary>
    public GuestAccessLog Log { get; }

    /// <summary>Declares a Word (32-bit) or Doubleword (64-bit) register at <paramref name="offset"/>.</summary>
    public RegisterMap Define(ulong offset, string name, Action<Register> build, AccessSize size = AccessSize.Word)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (size is not (AccessSize.Word or AccessSize.Doubleword))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"{name}: registers are Word or Doubleword");
        }

        var register = new Register(name, offset, (int)size, Log);
        build(register);
        Add(register);
        _registers.Add(register);
        return this;
    }

    /// <summary>Declares a read-only register of constant value (ID registers and the like).</summary>
    public RegisterMap DefineConstant(ulong offset, string name, ulong value, AccessSize size = AccessSize.Word) =>
        Define(offset, name, r => r.WithReadProvider(() => value), size);

    /// <summary>
    /// Declares a bank of registers with one <paramref name="bitsPerElement"/>-bit field per element, elements
    /// <paramref name="firstElement"/> .. <paramref name="firstElement"/> + <paramref name="elementCount"/> - 1 packed
    /// from bit 0 of <paramref name="offset"/> upward. <paramref name="write"/> receives each covered element and its
    /// written bits; null makes the bank read-only.
    /// </summary>
    public RegisterMap DefineArray(ulong offset, string name, int firstElement, int elementCount, int bitsPerElement,
        Func<int, ulong> read, Action<int, ulong>? write, AccessSize unit = AccessSize.Word)
    {
        Add(new RegisterArray(name, offset, firstElement, elementCount, bitsPerElement, (int)unit, read, write));
        return this;
    }

    /// <summary>Returns every declared register to its reset value.</summary>
    public void Reset()
    {
        foreach (var register in _registers)
        {
            register.Reset();
        }
    }

    /// <summary>Reads <paramref name="size"/> bytes at <paramref name="offset"/>.</summary>
    public ulong Read(ulong offset, AccessSize size)
    {
        ulong result = 0;
        ulong end = offset + (ulong)size;
        ulong position = offset;
        bool unknown = false;
        while (position < end)
        {
            var block = Find(position);
            if (block is null)
            {
                unknown = true;
                position++;
                continue;
            }

            ulong unitStart = block.Offset + (position - block.Offset) / (ulong)block.UnitSize * (ulong)block.UnitSize;
            ulong pieceEnd = Math.Min(end, unitStart + (ulong)block.UnitSize);
            ulong unit = block.ReadUnit(unitStart - block.Offset);
            int pieceBytes = (int)(pieceEnd - position);
            ulong piece = (unit >> (int)((position - unitStart) * 8)) & BytesMask(pieceBytes);
            result |= piece << (int)((position - offset) * 8);
            position = pieceEnd;
        }

        if (unknown)
        {
            Log.UnknownRead(offset, size);
        }

        return result;
    }

    /// <summary>Writes the low <paramref name="size"/> bytes of <paramref name="value"/> at <paramref name="offset"/>.</summary>
    public void Write(ulong offset, AccessSize size, ulong value)
    {
        ulong end = offset + (ulong)size;
        ulong position = offset;
        bool unknown = false;
        while (position < end)
        {
            var block = Find(position);
            if (block is null)
            {
                unknown = true;
                position++;
                continue;
            }

            ulong unitStart = block.Offset + (position - block.Offset) / (ulong)block.UnitSize * (ulong)block.UnitSize;
            ulong pieceEnd = Math.Min(end, unitStart + (ulong)block.UnitSize);
            int shiftInUnit = (int)((position - unitStart) * 8);
            int pieceBytes = (int)(pieceEnd - position);
            ulong piece = (value >> (int)((position - offset) * 8)) & BytesMask(pieceBytes);
            block.WriteUnit(unitStart - block.Offset, piece << shiftInUnit, BytesMask(pieceBytes) << shiftInUnit);
            position = pieceEnd;
        }

        if (unknown)
        {
            Log.UnknownWrite(offset, size, value);
        }
    }

    private static ulong BytesMask(int bytes) => bytes >= 8 ? ulong.MaxValue : (1UL << (bytes * 8)) - 1;

    private void Add(IRegisterBlock block)
    {
        if (block.Offset + block.Length > Size || block.Offset % (ulong)block.UnitSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(block), $"{block.Name} at 0x{block.Offset:X} is misaligned or outside the 0x{Size:X}-byte window");
        }

        int index = _blocks.FindIndex(b => b.Offset >= block.Offset);
        if (index < 0)
        {
            index = _blocks.Count;
        }

        if ((index < _blocks.Count && _blocks[index].Offset < block.Offset + block.Length)
            || (index > 0 && _blocks[index - 1].Offset + _blocks[index - 1].Length > block.Offset))
        {
            throw new ArgumentException($"{block.Name} at 0x{block.Offset:X} overlaps another register", nameof(block));
        }

        _blocks.Insert(index, block);
    }

    private IRegisterBlock? Find(ulong offset)
    {
        int low = 0, high = _blocks.Count - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            var block = _blocks[middle];
            if (offset < block.Offset)
            {
                high = middle - 1;
            }
            else if (offset >= block.Offset + block.Length)
            {
                low = middle + 1;
            }
            else
            {
                return block;
            }
        }

        return null;
    }
}
