using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// The <c>.modinfo</c> section of a Linux kernel module (an ELF64 relocatable file for arm64, ELF32 for armhf):
/// NUL-separated <c>key=value</c> strings (name, depends, softdep, alias). Read straight from the section headers
/// (ELF-64 Object File Format and the System V gABI's ELF32 layout, "Sections"), so only a few hundred bytes of each
/// module are touched.
/// </summary>
public sealed record KernelModuleInfo(string Name, IReadOnlyList<string> Depends, IReadOnlyList<string> SoftDependsBefore, IReadOnlyList<string> Aliases)
{
    // ELF64 header fields (little-endian): e_shoff at 0x28, e_shentsize 0x3A, e_shnum 0x3C, e_shstrndx 0x3E;
    // ELF32: e_shoff at 0x20, e_shentsize 0x2E, e_shnum 0x30, e_shstrndx 0x32.
    private const int ElfHeaderSize = 0x40;
    private const int SectionHeaderSize = 0x40;
    private const int Elf32HeaderSize = 0x34;
    private const int Section32HeaderSize = 0x28;

    /// <summary>
    /// The <c>vermagic</c> string ("RELEASE SMP mod_unload modversions aarch64"): a module loads only into a kernel with
    /// the same one (kernel/module/main.c, check_modinfo), so a module built out of tree must carry its kernel's.
    /// </summary>
    public string? Vermagic { get; init; }

    /// <summary>Reads the module information of the .ko at <paramref name="path"/>; throws <see cref="GuestKitException"/> (BadPackage) if it is not one.</summary>
    public static KernelModuleInfo Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = File.OpenRead(path);
        byte[] header = ReadAt(file, 0, Elf32HeaderSize, path);
        bool elf32 = header[4] == 1;
        if (header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F' || header[4] is not (1 or 2) || header[5] != 1)
        {
            throw new GuestKitException(GuestKitFailure.BadPackage, $"{path}: not a little-endian ELF64 or ELF32 kernel module");
        }

        if (!elf32)
        {
            header = ReadAt(file, 0, ElfHeaderSize, path);
        }

        long sectionTable = elf32
            ? BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x20))
            : (long)BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x28));
        int fields = elf32 ? 0x2E : 0x3A;
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(fields));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(fields + 2));
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(fields + 4));
        if (entrySize != (elf32 ? Section32HeaderSize : SectionHeaderSize) || namesIndex >= count)
        {
            throw new GuestKitException(GuestKitFailure.BadPackage, $"{path}: bad ELF section table");
        }

        byte[] sections = ReadAt(file, sectionTable, count * entrySize, path);
        (long namesOffset, long namesSize) = SectionExtent(sections, namesIndex, elf32);
        byte[] names = ReadAt(file, namesOffset, (int)namesSize, path);
        for (int i = 0; i < count; i++)
        {
            int nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(sections.AsSpan(i * entrySize)); // sh_name, both layouts
            if (SectionName(names, nameOffset) == ".modinfo")
            {
                (long offset, long size) = SectionExtent(sections, i, elf32);
                return Parse(ReadAt(file, offset, (int)size, path), Path.GetFileNameWithoutExtension(path));
            }
        }

        throw new GuestKitException(GuestKitFailure.BadPackage, $"{path}: no .modinfo section");
    }

    /// <summary>Parses the contents of a .modinfo section.</summary>
    public static KernelModuleInfo Parse(ReadOnlySpan<byte> modinfo, string fallbackName)
    {
        string? name = null;
        string? vermagic = null;
        var depends = new List<string>();
        var soft = new List<string>();
        var aliases = new List<string>();
        foreach (string entry in Encoding.ASCII.GetString(modinfo).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            string key = entry[..equals];
            string value = entry[(equals + 1)..];
            switch (key)
            {
                case "name":
                    name = value;
                    break;
                case "depends":
                    depends.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Normalize));
                    break;
                case "softdep":
                    soft.AddRange(SoftDependsBeforeOf(value));
                    break;
                case "alias":
                    aliases.Add(value);
                    break;
                case "vermagic":
                    vermagic = value;
                    break;
            }
        }

        return new KernelModuleInfo(Normalize(name ?? fallbackName), depends, soft, aliases) { Vermagic = vermagic };
    }

    /// <summary>Module names compare with '-' and '_' equal (kmod does the same); this spells them with '_'.</summary>
    public static string Normalize(string moduleName)
    {
        ArgumentNullException.ThrowIfNull(moduleName);
        return moduleName.Replace('-', '_');
    }

    // softdep=pre: a b post: c  (modprobe.d(5)): the names after "pre:" up to "post:".
    private static IEnumerable<string> SoftDependsBeforeOf(string value)
    {
        bool pre = false;
        foreach (string word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word == "pre:")
            {
                pre = true;
            }
            else if (word == "post:")
            {
                pre = false;
            }
            else if (pre)
            {
                yield return word;
            }
        }
    }

    private static (long Offset, long Size) SectionExtent(byte[] sections, int index, bool elf32)
    {
        if (elf32)
        {
            // Elf32_Shdr: sh_offset at +0x10, sh_size at +0x14.
            ReadOnlySpan<byte> entry32 = sections.AsSpan(index * Section32HeaderSize, Section32HeaderSize);
            return (BinaryPrimitives.ReadUInt32LittleEndian(entry32[0x10..]), BinaryPrimitives.ReadUInt32LittleEndian(entry32[0x14..]));
        }

        // Elf64_Shdr: sh_offset at +0x18, sh_size at +0x20.
        ReadOnlySpan<byte> entry = sections.AsSpan(index * SectionHeaderSize, SectionHeaderSize);
        return ((long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x18..]), (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[0x20..]));
    }

    private static string SectionName(byte[] names, int offset)
    {
        if (offset < 0 || offset >= names.Length)
        {
            return "";
        }

        int end = Array.IndexOf(names, (byte)0, offset);
        return Encoding.ASCII.GetString(names, offset, (end < 0 ? names.Length : end) - offset);
    }

    private static byte[] ReadAt(FileStream file, long offset, int length, string path)
    {
        if (offset < 0 || length < 0 || offset + length > file.Length)
        {
            throw new GuestKitException(GuestKitFailure.BadPackage, $"{path}: truncated ELF file");
        }

        byte[] buffer = new byte[length];
        file.Position = offset;
        file.ReadExactly(buffer);
        return buffer;
    }
}
