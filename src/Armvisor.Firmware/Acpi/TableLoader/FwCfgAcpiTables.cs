using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Firmware.Acpi.TableLoader;

/// <summary>
/// The machine's ACPI tables in the form QEMU hands them to UEFI firmware through fw_cfg (QEMU hw/arm/virt-acpi-build.c,
/// hw/acpi/bios-linker-loader.c; consumed by EDK2's OvmfPkg/AcpiPlatformDxe, QemuFwCfgAcpi.c): "etc/acpi/tables"
/// holds every SDT with its pointers stored as offsets into that file and its checksums zero, "etc/acpi/rsdp" the RSDP
/// likewise, and "etc/table-loader" the script that allocates both, relocates each pointer (ADD_POINTER) and computes
/// each checksum (ADD_CHECKSUM). The firmware then installs each table an ADD_POINTER points at, except the RSDP and
/// XSDT, which it builds itself. The tables are those of <see cref="AcpiTables.Build"/>, byte for byte once linked.
/// </summary>
public sealed class FwCfgAcpiTables
{
    public const string TablesFile = "etc/acpi/tables", RsdpFile = "etc/acpi/rsdp", LoaderFile = "etc/table-loader";

    /// <summary>QEMU's alignments: 64 for the tables file, 16 for the RSDP (ACPI 6.5 §5.2.5.1).</summary>
    public const uint TablesAlignment = 64, RsdpAlignment = 16;

    private FwCfgAcpiTables(byte[] rsdp, byte[] tables, byte[] loader, int tablesOffset)
    {
        Rsdp = rsdp;
        Tables = tables;
        Loader = loader;
        TablesOffset = tablesOffset;
    }

    public byte[] Rsdp { get; }

    public byte[] Tables { get; }

    public byte[] Loader { get; }

    /// <summary>Where the tables file starts in <see cref="AcpiTables.Image"/> (the RSDP comes first there).</summary>
    public int TablesOffset { get; }

    public static FwCfgAcpiTables Build(MachineDescription machine)
    {
        // Laid out at address 0, every pointer in the image is an offset from the RSDP; the tables file starts at the
        // XSDT, so a pointer's value in the file is its image offset minus that start.
        AcpiTables linked = AcpiTables.Build(machine, new GuestPhysicalAddress(0));
        int start = checked((int)linked.AddressOf(Xsdt.Signature).Value);
        byte[] tables = linked.Image[start..];
        byte[] rsdp = linked.Table("RSD PTR ");
        var script = new TableLoaderScript();
        script.Allocate(TablesFile, TablesAlignment, TableLoaderZone.High);

        int OffsetOf(string signature) => checked((int)linked.AddressOf(signature).Value) - start;

        void Pointer(string signature, int field, int size)
        {
            Span<byte> at = tables.AsSpan(OffsetOf(signature) + field, size);
            ulong target = size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(at) : BinaryPrimitives.ReadUInt32LittleEndian(at);
            ulong relative = target - (ulong)start;
            if (size == 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(at, relative);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(at, checked((uint)relative));
            }

            script.AddPointer(TablesFile, TablesFile, OffsetOf(signature) + field, size);
        }

        // FADT → DSDT through both its 32-bit DSDT and 64-bit X_DSDT fields (ACPI 6.5 Table 5.9).
        Pointer(FadtLayout.Signature, FadtLayout.DsdtOffset, 4);
        Pointer(FadtLayout.Signature, FadtLayout.XDsdtOffset, 8);
        // XSDT → each table: 64-bit entries after the header (ACPI 6.5 §5.2.8).
        int entries = (linked.Table(Xsdt.Signature).Length - AcpiTableHeader.Size) / 8;
        for (int i = 0; i < entries; i++)
        {
            Pointer(Xsdt.Signature, AcpiTableHeader.Size + (8 * i), 8);
        }

        // Every SDT's checksum covers the whole table (ACPI 6.5 §5.2.6); the firmware computes it after relocation, over
        // a field that must be zero (bios_linker_loader_add_checksum asserts it).
        foreach (string signature in linked.Signatures.Where(s => s != "RSD PTR "))
        {
            int offset = OffsetOf(signature);
            int length = linked.Table(signature).Length;
            tables[offset + AcpiTableHeader.ChecksumOffset] = 0;
            script.AddChecksum(TablesFile, offset + AcpiTableHeader.ChecksumOffset, offset, length);
        }

        // The RSDP (ACPI 6.5 §5.2.5.3): XsdtAddress → the tables file, checksum over the first 20 bytes, extended
        // checksum over all 36.
        script.Allocate(RsdpFile, RsdpAlignment, TableLoaderZone.FSegment);
        BinaryPrimitives.WriteUInt64LittleEndian(rsdp.AsSpan(Acpi.Rsdp.XsdtAddressOffset), (ulong)OffsetOf(Xsdt.Signature));
        script.AddPointer(RsdpFile, TablesFile, Acpi.Rsdp.XsdtAddressOffset, 8);
        rsdp[Acpi.Rsdp.ChecksumOffset] = 0;
        rsdp[Acpi.Rsdp.ExtendedChecksumOffset] = 0;
        script.AddChecksum(RsdpFile, Acpi.Rsdp.ChecksumOffset, 0, Acpi.Rsdp.V1Length);
        script.AddChecksum(RsdpFile, Acpi.Rsdp.ExtendedChecksumOffset, 0, Acpi.Rsdp.Length);
        return new FwCfgAcpiTables(rsdp, tables, script.ToArray(), start);
    }
}
