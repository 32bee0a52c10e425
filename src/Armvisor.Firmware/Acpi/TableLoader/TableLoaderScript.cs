using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.Acpi.TableLoader;

/// <summary>
/// Writes the "etc/table-loader" script: 128-byte entries, a little-endian u32 command then the command's fields,
/// zero-padded (QEMU struct BiosLinkerLoaderEntry; file names are char[56], FW_CFG_MAX_FILE_PATH, NUL-padded).
/// </summary>
public sealed class TableLoaderScript
{
    public const int EntrySize = 128;
    public const int FileNameLength = 56;

    // Field offsets inside an entry, after the 4-byte command.
    private const int FirstName = 4, SecondName = FirstName + FileNameLength, AfterOneName = FirstName + FileNameLength,
        AfterTwoNames = SecondName + FileNameLength;

    private readonly List<byte[]> _entries = [];

    public int Count => _entries.Count;

    /// <summary>ALLOCATE: file[56], u32 align (a power of two), u8 zone.</summary>
    public void Allocate(string file, uint alignment, TableLoaderZone zone)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new FirmwareLayoutException($"table-loader alignment {alignment} for {file} is not a power of two");
        }

        byte[] entry = Entry(TableLoaderCommand.Allocate, file);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(AfterOneName), alignment);
        entry[AfterOneName + 4] = (byte)zone;
    }

    /// <summary>ADD_POINTER: dest_file[56], src_file[56], u32 offset (in dest), u8 size (1, 2, 4 or 8).</summary>
    public void AddPointer(string destinationFile, string sourceFile, int offset, int size)
    {
        if (size is not (1 or 2 or 4 or 8))
        {
            throw new FirmwareLayoutException($"table-loader pointer size {size} in {destinationFile} is not 1, 2, 4 or 8");
        }

        byte[] entry = Entry(TableLoaderCommand.AddPointer, destinationFile);
        Name(sourceFile).CopyTo(entry, SecondName);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(AfterTwoNames), checked((uint)offset));
        entry[AfterTwoNames + 4] = (byte)size;
    }

    /// <summary>ADD_CHECKSUM: file[56], u32 offset (of the checksum byte), u32 start, u32 length.</summary>
    public void AddChecksum(string file, int checksumOffset, int start, int length)
    {
        byte[] entry = Entry(TableLoaderCommand.AddChecksum, file);
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(AfterOneName), checked((uint)checksumOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(AfterOneName + 4), checked((uint)start));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(AfterOneName + 8), checked((uint)length));
    }

    public byte[] ToArray() => [.. _entries.SelectMany(e => e)];

    private byte[] Entry(TableLoaderCommand command, string file)
    {
        var entry = new byte[EntrySize];
        BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)command);
        Name(file).CopyTo(entry, FirstName);
        _entries.Add(entry);
        return entry;
    }

    private static byte[] Name(string file)
    {
        byte[] name = Encoding.ASCII.GetBytes(file);
        if (name.Length >= FileNameLength)
        {
            throw new FirmwareLayoutException($"table-loader file name {file} is longer than {FileNameLength - 1} bytes");
        }

        return name;
    }
}
