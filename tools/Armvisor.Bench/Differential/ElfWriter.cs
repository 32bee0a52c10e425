using System.Buffers.Binary;

namespace Armvisor.Bench.Differential;

/// <summary>
/// Wraps a raw image in a minimal ELF64 executable (one PT_LOAD, entry at its first byte) so QEMU can take it with
/// -kernel: a raw blob at 0x40000000 through -device loader collides with the DTB QEMU places there when no kernel is given.
/// </summary>
public static class ElfWriter
{
    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;

    public static byte[] Wrap(ReadOnlySpan<byte> image, ulong address)
    {
        const int dataOffset = 0x1000;
        var elf = new byte[dataOffset + image.Length];
        Span<byte> h = elf;
        h[0] = 0x7F;
        h[1] = (byte)'E';
        h[2] = (byte)'L';
        h[3] = (byte)'F';
        h[4] = 2; // ELFCLASS64
        h[5] = 1; // little-endian
        h[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(h[16..], 2); // ET_EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(h[18..], 183); // EM_AARCH64
        BinaryPrimitives.WriteUInt32LittleEndian(h[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], address); // e_entry
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], HeaderSize); // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(h[52..], HeaderSize); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(h[54..], ProgramHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(h[56..], 1); // e_phnum
        Span<byte> ph = h.Slice(HeaderSize, ProgramHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 7); // RWX
        BinaryPrimitives.WriteUInt64LittleEndian(ph[8..], dataOffset);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], address);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)image.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], (ulong)image.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 0x1000);
        image.CopyTo(h[dataOffset..]);
        return elf;
    }
}
