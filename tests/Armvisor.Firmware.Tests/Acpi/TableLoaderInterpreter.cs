using System.Buffers.Binary;
using System.Text;
using Armvisor.Firmware.Acpi.TableLoader;

namespace Armvisor.Firmware.Tests.Acpi;

/// <summary>
/// Runs an "etc/table-loader" script the way a UEFI firmware does (EDK2 QemuFwCfgAcpi.c, from its documented
/// behaviour): ALLOCATE places a file at an address the test chooses, ADD_POINTER adds the source's address to the
/// little-endian value in the destination, ADD_CHECKSUM stores 0 − sum of the range. Rejects what EDK2 rejects:
/// unknown files, unallocated files, ranges outside a file.
/// </summary>
internal sealed class TableLoaderInterpreter(IReadOnlyDictionary<string, byte[]> files, Func<string, uint, ulong> place)
{
    public Dictionary<string, (ulong Address, byte[] Bytes)> Allocations { get; } = [];

    public List<(string Destination, int Offset, int Size)> Pointers { get; } = [];

    public void Run(byte[] script)
    {
        Assert.Equal(0, script.Length % TableLoaderScript.EntrySize);
        for (int at = 0; at < script.Length; at += TableLoaderScript.EntrySize)
        {
            ReadOnlySpan<byte> entry = script.AsSpan(at, TableLoaderScript.EntrySize);
            switch ((TableLoaderCommand)BinaryPrimitives.ReadUInt32LittleEndian(entry))
            {
                case TableLoaderCommand.Allocate:
                    string file = Name(entry[4..]);
                    uint alignment = BinaryPrimitives.ReadUInt32LittleEndian(entry[60..]);
                    ulong address = place(file, alignment);
                    Assert.Equal(0UL, address % alignment);
                    Allocations.Add(file, (address, (byte[])files[file].Clone()));
                    break;
                case TableLoaderCommand.AddPointer:
                    var destination = Allocations[Name(entry[4..])];
                    var source = Allocations[Name(entry[60..])];
                    int offset = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[116..]);
                    int size = entry[120];
                    Span<byte> field = destination.Bytes.AsSpan(offset, size);
                    ulong value = size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(field) : BinaryPrimitives.ReadUInt32LittleEndian(field);
                    Assert.True(value < (ulong)source.Bytes.Length, $"pointer {value} outside {Name(entry[60..])}");
                    value += source.Address;
                    if (size == 8)
                    {
                        BinaryPrimitives.WriteUInt64LittleEndian(field, value);
                    }
                    else
                    {
                        BinaryPrimitives.WriteUInt32LittleEndian(field, checked((uint)value));
                    }

                    Pointers.Add((Name(entry[4..]), offset, size));
                    break;
                case TableLoaderCommand.AddChecksum:
                    byte[] bytes = Allocations[Name(entry[4..])].Bytes;
                    int result = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[60..]);
                    int start = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[64..]);
                    int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[68..]);
                    byte sum = 0;
                    foreach (byte b in bytes.AsSpan(start, length))
                    {
                        sum += b;
                    }

                    bytes[result] = (byte)-sum;
                    break;
                default:
                    Assert.Fail($"unknown table-loader command at {at}");
                    break;
            }
        }
    }

    private static string Name(ReadOnlySpan<byte> field)
    {
        int end = field[..TableLoaderScript.FileNameLength].IndexOf((byte)0);
        Assert.True(end > 0, "file name not NUL-terminated within 56 bytes");
        return Encoding.ASCII.GetString(field[..end]);
    }
}
