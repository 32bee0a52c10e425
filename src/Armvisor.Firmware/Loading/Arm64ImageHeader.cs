using System.Buffers.Binary;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// The 64-byte arm64 Image header (Documentation/arch/arm64/booting.rst §4 "Call the kernel image"): code0, code1,
/// text_offset, image_size, flags, res2..res4, magic "ARM\x64" at 0x38, res5 (PE header offset). Little-endian.
/// </summary>
public sealed record Arm64ImageHeader(uint Code0, uint Code1, ulong TextOffset, ulong ImageSize, ulong Flags)
{
    public const int Size = 64;
    public const uint Magic = 0x644D_5241;
    public const int MagicOffset = 0x38;

    /// <summary>text_offset booting.rst tells loaders to assume when image_size is 0 (kernels before 3.17).</summary>
    public const ulong LegacyTextOffset = 0x8_0000;

    /// <summary>flags bit 0: kernel endianness (1 = big-endian).</summary>
    public bool IsBigEndian => (Flags & 1) != 0;

    /// <summary>flags bits 2:1.</summary>
    public Arm64PageSize PageSize => (Arm64PageSize)((Flags >> 1) & 3);

    /// <summary>flags bit 3: 1 = any 2 MiB-aligned base in RAM; 0 = as close as possible to the base of DRAM.</summary>
    public bool PlaceAnywhere => (Flags & 8) != 0;

    /// <summary>Load offset from the 2 MiB-aligned base, honouring the pre-3.17 rule.</summary>
    public ulong EffectiveTextOffset => ImageSize == 0 ? LegacyTextOffset : TextOffset;

    /// <summary>Reads the header, or returns null when the magic is absent.</summary>
    public static Arm64ImageHeader? TryRead(ReadOnlySpan<byte> image)
    {
        if (image.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(image[MagicOffset..]) != Magic)
        {
            return null;
        }

        return new Arm64ImageHeader(
            BinaryPrimitives.ReadUInt32LittleEndian(image),
            BinaryPrimitives.ReadUInt32LittleEndian(image[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(image[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(image[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(image[24..]));
    }
}
