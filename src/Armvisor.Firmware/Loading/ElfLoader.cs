using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// Loads a bare-metal ELF64 AArch64 or ELF32 Arm (AArch32) executable: every PT_LOAD segment is copied to its physical address (p_paddr, as
/// QEMU's -kernel for ELF does) with p_memsz − p_filesz bytes zeroed; the entry PC is e_entry, translated to physical
/// if it lies in a segment whose p_vaddr differs. (ELF-64 Object File Format 1.5; Arm IHI0056 ELF for AArch64; Arm
/// IHI0044 ELF for the Arm Architecture, e_machine EM_ARM = 40.)
/// </summary>
public static class ElfLoader
{
    /// <summary>e_machine of AArch64 (IHI0056 §5.1).</summary>
    public const ushort MachineAarch64 = 183;

    /// <summary>e_machine of Arm (AArch32), EM_ARM (IHI0044 §5.2).</summary>
    public const ushort MachineArm = 40;

    private const int HeaderSize = 64;
    private const int ProgramHeaderSize = 56;
    private const int Header32Size = 52;
    private const int ProgramHeader32Size = 32;
    private const byte ClassElf32 = 1;
    private const byte ClassElf64 = 2;
    private const byte DataLittleEndian = 1;
    private const ushort TypeExecutable = 2;
    private const uint SegmentLoad = 1;

    /// <summary>True for a little-endian ELF32 executable for Arm (an AArch32 program).</summary>
    public static bool IsArm32Executable(ReadOnlySpan<byte> file) =>
        file.Length >= Header32Size && file.StartsWith("\u007FELF"u8) && file[4] == ClassElf32 && file[5] == DataLittleEndian
        && BinaryPrimitives.ReadUInt16LittleEndian(file[18..]) == MachineArm;

    /// <summary>Loads <paramref name="file"/>; <paramref name="x0"/> is handed over in the plan (a DTB address, or 0).</summary>
    public static BootPlan Load(GuestRam ram, BootLayout layout, ReadOnlySpan<byte> file, string name, ulong x0 = 0)
    {
        if (IsArm32Executable(file))
        {
            return Load32(ram, layout, file, name, x0);
        }

        if (file.Length < HeaderSize || !file.StartsWith("\u007FELF"u8))
        {
            throw NotElf(name, "no ELF magic");
        }

        if (file[4] != ClassElf64 || file[5] != DataLittleEndian)
        {
            throw NotElf(name, "not a little-endian ELF64 file");
        }

        var type = BinaryPrimitives.ReadUInt16LittleEndian(file[16..]);
        var machine = BinaryPrimitives.ReadUInt16LittleEndian(file[18..]);
        if (machine != MachineAarch64 || type != TypeExecutable)
        {
            throw NotElf(name, $"e_machine {machine} / e_type {type} is not an AArch64 or Arm executable");
        }

        var entry = BinaryPrimitives.ReadUInt64LittleEndian(file[24..]);
        var programHeaderOffset = BinaryPrimitives.ReadUInt64LittleEndian(file[32..]);
        var programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(file[54..]);
        var programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(file[56..]);
        if (programHeaderSize < ProgramHeaderSize || programHeaderOffset + ((ulong)programHeaderSize * programHeaderCount) > (ulong)file.Length)
        {
            throw NotElf(name, "program header table is truncated");
        }

        return LoadSegments(ram, layout, file, name, x0, entry, new ProgramHeaderTable(programHeaderOffset, programHeaderSize, programHeaderCount, Is64: true));
    }

    /// <summary>ELF32: the same placement rules with the 32-bit header and program-header layouts.</summary>
    private static BootPlan Load32(GuestRam ram, BootLayout layout, ReadOnlySpan<byte> file, string name, ulong x0)
    {
        var type = BinaryPrimitives.ReadUInt16LittleEndian(file[16..]);
        if (type != TypeExecutable)
        {
            throw NotElf(name, $"e_type {type} is not an executable");
        }

        ulong entry = BinaryPrimitives.ReadUInt32LittleEndian(file[24..]);
        ulong programHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(file[28..]);
        var programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(file[42..]);
        var programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(file[44..]);
        if (programHeaderSize < ProgramHeader32Size || programHeaderOffset + ((ulong)programHeaderSize * programHeaderCount) > (ulong)file.Length)
        {
            throw NotElf(name, "program header table is truncated");
        }

        return LoadSegments(ram, layout, file, name, x0, entry, new ProgramHeaderTable(programHeaderOffset, programHeaderSize, programHeaderCount, Is64: false));
    }

    /// <summary>Where the program headers are and which class's layout they have (ELF-64 §"Program header table";
    /// the ELF32 Phdr orders p_offset, p_vaddr, p_paddr, p_filesz, p_memsz alike but in words, after p_type).</summary>
    private readonly record struct ProgramHeaderTable(ulong Offset, ushort EntrySize, ushort Count, bool Is64);

    private static BootPlan LoadSegments(
        GuestRam ram, BootLayout layout, ReadOnlySpan<byte> file, string name, ulong x0, ulong entry, ProgramHeaderTable table)
    {
        var physicalEntry = entry;
        var loaded = 0;
        for (var i = 0; i < table.Count; i++)
        {
            var header = file.Slice((int)table.Offset + (i * table.EntrySize), table.Is64 ? ProgramHeaderSize : ProgramHeader32Size);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != SegmentLoad)
            {
                continue;
            }

            var offset = SegmentField(header, table.Is64, 0);
            var virtualAddress = SegmentField(header, table.Is64, 1);
            var physicalAddress = SegmentField(header, table.Is64, 2);
            var fileSize = SegmentField(header, table.Is64, 3);
            var memorySize = SegmentField(header, table.Is64, 4);
            if (fileSize > memorySize || offset > (ulong)file.Length || fileSize > (ulong)file.Length - offset)
            {
                throw NotElf(name, $"segment {i} has p_filesz {fileSize} > p_memsz {memorySize} or runs past the file");
            }

            if (memorySize == 0)
            {
                continue;
            }

            var range = new AddressRange(new GuestPhysicalAddress(physicalAddress), memorySize);
            layout.Place($"{name} segment {i}", range);
            ram.Write(range.Start, file.Slice((int)offset, (int)fileSize));
            ram.GetSpan(range.Start + fileSize, checked((int)(memorySize - fileSize))).Clear();
            if (entry - virtualAddress < memorySize)
            {
                physicalEntry = physicalAddress + (entry - virtualAddress);
            }

            loaded++;
        }

        if (loaded == 0)
        {
            throw NotElf(name, "no PT_LOAD segment");
        }

        return new BootPlan(new GuestPhysicalAddress(physicalEntry), x0, [.. layout.Components]);
    }

    /// <summary>p_offset (0), p_vaddr, p_paddr, p_filesz, p_memsz (4): in ELF64 doublewords from offset 8 (p_flags sits
    /// after p_type), in ELF32 words from offset 4.</summary>
    private static ulong SegmentField(ReadOnlySpan<byte> header, bool is64, int index) => is64
        ? BinaryPrimitives.ReadUInt64LittleEndian(header[(8 + (8 * index))..])
        : BinaryPrimitives.ReadUInt32LittleEndian(header[(4 + (4 * index))..]);

    private static BootImageException NotElf(string name, string detail) =>
        new(BootImageError.NotElfImage, $"'{name}' is not a loadable AArch64 or Arm ELF: {detail}");
}
