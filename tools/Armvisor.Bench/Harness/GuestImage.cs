using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Bench.Harness;

/// <summary>A bare-metal guest ready to load: the bytes of each loadable segment at its physical address, and the entry point.</summary>
public sealed class GuestImage
{
    private const uint ElfMagic = 0x464C457F; // "\x7FELF"
    private const ushort MachineAArch64 = 183; // EM_AARCH64
    private const uint LoadSegment = 1; // PT_LOAD

    private GuestImage(ulong entry, IReadOnlyList<GuestImageSegment> segments)
    {
        Entry = entry;
        Segments = segments;
    }

    /// <summary>Where vCPU 0 starts.</summary>
    public ulong Entry { get; }

    public IReadOnlyList<GuestImageSegment> Segments { get; }

    /// <summary>A raw binary placed at <paramref name="address"/>, entered at its first byte (QEMU's <c>-device loader,cpu-num=0</c>).</summary>
    public static GuestImage FromRaw(ReadOnlyMemory<byte> bytes, ulong address) =>
        new(address, [new GuestImageSegment(address, bytes, (ulong)bytes.Length)]);

    /// <summary>Loads an ELF64 little-endian AArch64 executable (its PT_LOAD segments by physical address, like QEMU's -kernel).</summary>
    public static GuestImage FromElf(ReadOnlyMemory<byte> file)
    {
        ReadOnlySpan<byte> f = file.Span;
        if (f.Length < 64 || BinaryPrimitives.ReadUInt32LittleEndian(f) != ElfMagic || f[4] != 2 || f[5] != 1)
        {
            throw new GuestImageException("not an ELF64 little-endian file");
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(f[18..]) != MachineAArch64)
        {
            throw new GuestImageException("ELF machine is not AArch64");
        }

        ulong entry = BinaryPrimitives.ReadUInt64LittleEndian(f[24..]);
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(f[32..]);
        int phentsize = BinaryPrimitives.ReadUInt16LittleEndian(f[54..]);
        int phnum = BinaryPrimitives.ReadUInt16LittleEndian(f[56..]);
        var segments = new List<GuestImageSegment>();
        for (int i = 0; i < phnum; i++)
        {
            ulong at = phoff + (ulong)(i * phentsize);
            if (at + 56 > (ulong)f.Length)
            {
                throw new GuestImageException("ELF program header table is truncated");
            }

            ReadOnlySpan<byte> ph = f.Slice((int)at, 56);
            if (BinaryPrimitives.ReadUInt32LittleEndian(ph) != LoadSegment)
            {
                continue;
            }

            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(ph[8..]);
            ulong paddr = BinaryPrimitives.ReadUInt64LittleEndian(ph[24..]);
            ulong fileSize = BinaryPrimitives.ReadUInt64LittleEndian(ph[32..]);
            ulong memSize = BinaryPrimitives.ReadUInt64LittleEndian(ph[40..]);
            if (offset + fileSize > (ulong)f.Length || fileSize > memSize)
            {
                throw new GuestImageException($"ELF segment {i} lies outside the file");
            }

            segments.Add(new GuestImageSegment(paddr, file.Slice((int)offset, (int)fileSize), memSize));
        }

        return segments.Count == 0 ? throw new GuestImageException("ELF has no loadable segment") : new GuestImage(entry, segments);
    }

    /// <summary>Reads <paramref name="path"/> as an ELF if it starts with the ELF magic, else as a raw binary at <paramref name="rawAddress"/>.</summary>
    public static GuestImage Load(string path, ulong rawAddress = BareMetalHarness.RamBase)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(bytes) == ElfMagic
            ? FromElf(bytes)
            : FromRaw(bytes, rawAddress);
    }

    /// <summary>Copies every segment into <paramref name="ram"/> (the zero fill past the file bytes is already there).</summary>
    public void LoadInto(GuestRam ram)
    {
        foreach (GuestImageSegment s in Segments)
        {
            var start = new GuestPhysicalAddress(s.Address);
            if (!ram.Range.Contains(start, s.MemorySize))
            {
                throw new GuestImageException($"segment at 0x{s.Address:X} (0x{s.MemorySize:X} bytes) is outside RAM {ram.Range}");
            }

            ram.Write(start, s.Bytes.Span);
        }
    }
}
