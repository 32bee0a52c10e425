using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Firmware.Efi;

/// <summary>Serialises an EFI memory map; ranges must be page-aligned and must not overlap.</summary>
public static class EfiMemoryMap
{
    public static byte[] Build(IReadOnlyList<EfiMemoryDescriptor> descriptors)
    {
        var sorted = descriptors.OrderBy(d => d.Range.Start).ToList();
        for (var i = 0; i < sorted.Count; i++)
        {
            var range = sorted[i].Range;
            if (range.Start.Value % EfiMemoryDescriptor.PageSize != 0 || range.Length % EfiMemoryDescriptor.PageSize != 0 || range.Length == 0)
            {
                throw new FirmwareLayoutException($"EFI memory map range {range} is not whole 4 KiB pages");
            }

            if (i > 0 && sorted[i - 1].Range.Overlaps(range))
            {
                throw new FirmwareLayoutException($"EFI memory map ranges {sorted[i - 1].Range} and {range} overlap");
            }
        }

        var map = new byte[sorted.Count * EfiMemoryDescriptor.Size];
        for (var i = 0; i < sorted.Count; i++)
        {
            var d = sorted[i];
            var entry = map.AsSpan(i * EfiMemoryDescriptor.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)d.Type);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], d.Range.Start.Value);
            // Runtime ranges are identity-mapped: Linux maps md->virt_addr without a SetVirtualAddressMap call.
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], d.Attribute.HasFlag(EfiMemoryAttribute.Runtime) ? d.Range.Start.Value : 0);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[24..], d.Range.Length / EfiMemoryDescriptor.PageSize);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (ulong)d.Attribute);
        }

        return map;
    }

    /// <summary>Parses a map written by <see cref="Build"/> (for tests and diagnostics).</summary>
    public static IReadOnlyList<EfiMemoryDescriptor> Parse(ReadOnlySpan<byte> map)
    {
        var list = new List<EfiMemoryDescriptor>();
        for (var offset = 0; offset + EfiMemoryDescriptor.Size <= map.Length; offset += EfiMemoryDescriptor.Size)
        {
            var entry = map[offset..];
            list.Add(new EfiMemoryDescriptor(
                (EfiMemoryType)BinaryPrimitives.ReadUInt32LittleEndian(entry),
                new AddressRange(new GuestPhysicalAddress(BinaryPrimitives.ReadUInt64LittleEndian(entry[8..])), BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]) * EfiMemoryDescriptor.PageSize),
                (EfiMemoryAttribute)BinaryPrimitives.ReadUInt64LittleEndian(entry[32..])));
        }

        return list;
    }
}
