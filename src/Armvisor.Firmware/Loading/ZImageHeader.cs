using System.Buffers.Binary;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// The header of a 32-bit Arm Linux zImage (arch/arm/boot/compressed/head.S; Documentation/arch/arm/booting.rst §4
/// "Loading the zImage"): the magic 0x016F2818 at offset 0x24, the link-time start and end addresses at 0x28 and 0x2C
/// (start 0 for a position-independent zImage), and the endianness word at 0x30 (0x04030201 little-endian).
/// </summary>
public readonly record struct ZImageHeader(uint StartAddress, uint EndAddress, bool IsBigEndian)
{
    public const int MagicOffset = 0x24;
    public const uint Magic = 0x016F_2818;

    /// <summary>0x04030201 read little-endian is a little-endian kernel; 0x01020304 a big-endian one.</summary>
    private const uint LittleEndianMarker = 0x0403_0201;

    /// <summary>Bytes of the header needed to read it.</summary>
    public const int Size = 0x34;

    /// <summary>The image's size according to its header (end − start).</summary>
    public uint ImageSize => EndAddress - StartAddress;

    /// <summary>The header of <paramref name="file"/>, or null if it does not carry the zImage magic.</summary>
    public static ZImageHeader? TryRead(ReadOnlySpan<byte> file)
    {
        if (file.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(file[MagicOffset..]) != Magic)
        {
            return null;
        }

        uint start = BinaryPrimitives.ReadUInt32LittleEndian(file[0x28..]);
        uint end = BinaryPrimitives.ReadUInt32LittleEndian(file[0x2C..]);
        uint endian = BinaryPrimitives.ReadUInt32LittleEndian(file[0x30..]);
        return new ZImageHeader(start, end, endian != LittleEndianMarker);
    }
}
