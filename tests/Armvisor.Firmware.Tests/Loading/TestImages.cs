using System.Buffers.Binary;
using System.IO.Compression;

namespace Armvisor.Firmware.Tests.Loading;

/// <summary>Synthetic boot images built byte by byte (no downloaded binaries in the repository).</summary>
internal static class TestImages
{
    /// <summary>An arm64 Image header + payload with the given fields (Debian 6.1 values by default).</summary>
    public static byte[] Arm64Image(int fileSize = 0x1000, ulong textOffset = 0, ulong imageSize = 0x4000, ulong flags = 0xA)
    {
        var image = new byte[fileSize];
        BinaryPrimitives.WriteUInt32LittleEndian(image, 0xFA40_5A4D);       // ccmp x18, #0, #0xd, pl ("MZ")
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(4), 0x1400_0010); // b +0x40
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(8), textOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(16), imageSize);
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(24), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(0x38), 0x644D_5241);
        for (var i = 64; i < fileSize; i++)
        {
            image[i] = (byte)i;
        }

        return image;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>An ELF64 AArch64 executable with one PT_LOAD segment (file bytes + zero-filled BSS).</summary>
    public static byte[] Elf(ulong physicalAddress, ulong virtualAddress, ulong entry, byte[] payload, ulong memorySize, ushort machine = 183)
    {
        const int headerSize = 64, programHeaderSize = 56;
        var file = new byte[headerSize + programHeaderSize + payload.Length];
        "\u007FELF"u8.CopyTo(file);
        file[4] = 2; // ELFCLASS64
        file[5] = 1; // ELFDATA2LSB
        file[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(16), 2);       // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(18), machine);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(24), entry);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(32), headerSize); // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(52), headerSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(54), programHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(56), 1);
        var ph = file.AsSpan(headerSize);
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);                      // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 7);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], headerSize + programHeaderSize);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], virtualAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], physicalAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], memorySize);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 0x1000);
        payload.CopyTo(file, headerSize + programHeaderSize);
        return file;
    }
}
