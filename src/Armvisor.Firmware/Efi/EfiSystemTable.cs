using System.Buffers.Binary;
using System.Text;
using Armvisor.Firmware.Assembly;
using Armvisor.Memory;

namespace Armvisor.Firmware.Efi;

/// <summary>
/// Builds the minimal UEFI block the ACPI boot path needs, laid out in one page-aligned runtime region:
/// EFI_SYSTEM_TABLE (UEFI 2.10 §4.3) with the firmware vendor string and two configuration tables (ACPI 2.0 → RSDP,
/// and an EFI_RT_PROPERTIES_TABLE that declares no runtime service callable), an EFI_RUNTIME_SERVICES table
/// (§4.5) whose every entry points to AArch64 code returning EFI_UNSUPPORTED, and that code.
/// Linux 5.7+ reads the RT properties table and then never calls runtime services; the stubs are the fallback.
/// </summary>
public static class EfiSystemTable
{
    /// <summary>"IBI SYST" (EFI_SYSTEM_TABLE_SIGNATURE), which Linux efi_systab_check_header verifies.</summary>
    public const ulong SystemTableSignature = 0x5453_5953_2049_4249;

    /// <summary>"RUNTSERV" (EFI_RUNTIME_SERVICES_SIGNATURE).</summary>
    public const ulong RuntimeServicesSignature = 0x5652_4553_544E_5552;

    /// <summary>UEFI 2.70: (2 &lt;&lt; 16) | 70; Linux warns below major 2.</summary>
    public const uint Revision = (2 << 16) | 70;

    /// <summary>EFI_UNSUPPORTED = EFIERR(3): the high bit marks an error (UEFI 2.10 Appendix D).</summary>
    public const ulong Unsupported = 0x8000_0000_0000_0003;

    public const int SystemTableSize = 120;
    public const int RuntimeServicesSize = 24 + (14 * 8);
    public const int ConfigurationTableEntrySize = 24;

    // EFI_SYSTEM_TABLE field offsets (64-bit UINTN/pointers).
    private const int FirmwareVendorOffset = 24;
    private const int FirmwareRevisionOffset = 32;
    private const int RuntimeServicesOffset = 88;
    private const int NumberOfTableEntriesOffset = 104;
    private const int ConfigurationTableOffset = 112;
    private const int HeaderCrcOffset = 16;

    // Layout inside the region.
    private const int VendorOffset = 0x100;
    private const int ConfigurationOffset = 0x140;
    private const int RuntimePropertiesOffset = 0x180;
    private const int RuntimeTableOffset = 0x200;
    private const int StubOffset = 0x300;

    /// <summary>Bytes the block occupies (one page).</summary>
    public const int RegionSize = 0x1000;

    /// <summary>The block for a region at <paramref name="regionBase"/> (the system table is at its start).</summary>
    public static byte[] Build(GuestPhysicalAddress regionBase, GuestPhysicalAddress rsdp)
    {
        var block = new byte[RegionSize];
        var span = block.AsSpan();
        ulong At(int offset) => regionBase.Value + (ulong)offset;

        // Firmware vendor, CHAR16 (UTF-16LE) NUL-terminated.
        Encoding.Unicode.GetBytes("Armvisor\0").CopyTo(span[VendorOffset..]);

        // Configuration tables: { EFI_GUID, VOID* } pairs.
        WriteConfigurationEntry(span[ConfigurationOffset..], EfiGuids.Acpi20Table, rsdp.Value);
        WriteConfigurationEntry(span[(ConfigurationOffset + ConfigurationTableEntrySize)..], EfiGuids.RuntimePropertiesTable, At(RuntimePropertiesOffset));

        // EFI_RT_PROPERTIES_TABLE: Version 1, Length 8, RuntimeServicesSupported = 0 (none).
        BinaryPrimitives.WriteUInt16LittleEndian(span[RuntimePropertiesOffset..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(RuntimePropertiesOffset + 2)..], 8);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(RuntimePropertiesOffset + 4)..], 0);

        // Runtime services stub: x0 = EFI_UNSUPPORTED; ret. (ResetSystem is VOID; returning is harmless.)
        new A64Assembler().MovDoubleword(0, Unsupported).Return().ToArray().CopyTo(span[StubOffset..]);

        var runtime = span.Slice(RuntimeTableOffset, RuntimeServicesSize);
        WriteHeader(runtime, RuntimeServicesSignature, RuntimeServicesSize);
        for (var service = 0; service < 14; service++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(runtime[(24 + (8 * service))..], At(StubOffset));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(runtime[HeaderCrcOffset..], EfiCrc32.Compute(runtime));

        var system = span[..SystemTableSize];
        WriteHeader(system, SystemTableSignature, SystemTableSize);
        BinaryPrimitives.WriteUInt64LittleEndian(system[FirmwareVendorOffset..], At(VendorOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(system[FirmwareRevisionOffset..], 1);
        // Console handles and protocols stay NULL: there are no boot services after "ExitBootServices".
        BinaryPrimitives.WriteUInt64LittleEndian(system[RuntimeServicesOffset..], At(RuntimeTableOffset));
        BinaryPrimitives.WriteUInt64LittleEndian(system[NumberOfTableEntriesOffset..], 2);
        BinaryPrimitives.WriteUInt64LittleEndian(system[ConfigurationTableOffset..], At(ConfigurationOffset));
        BinaryPrimitives.WriteUInt32LittleEndian(system[HeaderCrcOffset..], EfiCrc32.Compute(system));
        return block;
    }

    private static void WriteHeader(Span<byte> table, ulong signature, int size)
    {
        // EFI_TABLE_HEADER (UEFI 2.10 §4.2): Signature u64, Revision u32, HeaderSize u32, CRC32 u32, Reserved u32.
        BinaryPrimitives.WriteUInt64LittleEndian(table, signature);
        BinaryPrimitives.WriteUInt32LittleEndian(table[8..], Revision);
        BinaryPrimitives.WriteUInt32LittleEndian(table[12..], (uint)size);
    }

    private static void WriteConfigurationEntry(Span<byte> entry, Guid guid, ulong table)
    {
        // Guid.TryWriteBytes little-endian fields = EFI_GUID's in-memory layout.
        guid.TryWriteBytes(entry);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], table);
    }
}
