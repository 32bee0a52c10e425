using Armvisor.Memory;

namespace Armvisor.Firmware.Acpi;

/// <summary>
/// A complete, linked ACPI table set laid out at one guest physical base: RSDP → XSDT → {FADT → DSDT, MADT, GTDT,
/// SPCR}. <see cref="Image"/> is what the VMM copies to <see cref="Base"/>; <see cref="Tables"/> gives each table.
/// </summary>
public sealed class AcpiTables
{
    /// <summary>Tables start on 16-byte boundaries (the RSDP must; the others for tidiness).</summary>
    private const int Alignment = 16;

    private readonly Dictionary<string, (int Offset, int Length)> _tables;

    private AcpiTables(GuestPhysicalAddress baseAddress, byte[] image, Dictionary<string, (int, int)> tables)
    {
        Base = baseAddress;
        Image = image;
        _tables = tables;
    }

    public GuestPhysicalAddress Base { get; }

    /// <summary>All tables, contiguous, as they must appear at <see cref="Base"/>.</summary>
    public byte[] Image { get; }

    /// <summary>The RSDP (at <see cref="Base"/>), which the EFI configuration table points to.</summary>
    public GuestPhysicalAddress RsdpAddress => Base;

    /// <summary>Signatures in layout order ("RSD PTR " for the RSDP).</summary>
    public IEnumerable<string> Signatures => _tables.Keys;

    /// <summary>A copy of one table's bytes.</summary>
    public byte[] Table(string signature)
    {
        var (offset, length) = _tables[signature];
        return Image.AsSpan(offset, length).ToArray();
    }

    public GuestPhysicalAddress AddressOf(string signature) => Base + (ulong)_tables[signature].Offset;

    /// <summary>
    /// Replaces a table with a same-length rewrite (the MP start-up module's MADT/FADT), so that no pointer moves and
    /// the XSDT stays valid.
    /// </summary>
    public void OverwriteTable(string signature, ReadOnlySpan<byte> table)
    {
        var (offset, length) = _tables[signature];
        if (table.Length != length)
        {
            throw new FirmwareLayoutException($"rewritten {signature.Trim()} is {table.Length} bytes, the original {length}");
        }

        table.CopyTo(Image.AsSpan(offset, length));
    }

    /// <summary>Builds the tables for <paramref name="machine"/> to live at <paramref name="baseAddress"/>.</summary>
    public static AcpiTables Build(MachineDescription machine, GuestPhysicalAddress baseAddress)
    {
        if ((baseAddress.Value & (Alignment - 1)) != 0)
        {
            throw new FirmwareLayoutException($"ACPI tables base {baseAddress} is not 16-byte aligned");
        }

        var dsdt = Dsdt.Build(machine);
        var madt = Madt.Build(machine);
        var gtdt = Gtdt.Build(machine.Timer);
        var spcr = Spcr.Build(machine.Uart);

        // Offsets are fixed first so that XSDT, FADT and RSDP can point at the final addresses.
        var xsdtLength = AcpiTableHeader.Size + (4 * 8);
        var order = new (string Signature, int Length)[]
        {
            ("RSD PTR ", Rsdp.Length), (Xsdt.Signature, xsdtLength), (FadtLayout.Signature, FadtLayout.Length),
            (Dsdt.Signature, dsdt.Length), (MadtLayout.Signature, madt.Length), (Gtdt.Signature, gtdt.Length),
            (Spcr.Signature, spcr.Length),
        };
        var tables = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var offset = 0;
        foreach (var (signature, length) in order)
        {
            tables.Add(signature, (offset, length));
            offset = (offset + length + Alignment - 1) & ~(Alignment - 1);
        }

        ulong Address(string signature) => baseAddress.Value + (ulong)tables[signature].Item1;

        var fadt = Fadt.Build(machine.PsciConduit, Address(Dsdt.Signature));
        var xsdt = Xsdt.Build([Address(FadtLayout.Signature), Address(MadtLayout.Signature), Address(Gtdt.Signature), Address(Spcr.Signature)]);
        var rsdp = Rsdp.Build(Address(Xsdt.Signature));

        var image = new byte[offset];
        foreach (var (signature, bytes) in new[]
                 {
                     ("RSD PTR ", rsdp), (Xsdt.Signature, xsdt), (FadtLayout.Signature, fadt), (Dsdt.Signature, dsdt),
                     (MadtLayout.Signature, madt), (Gtdt.Signature, gtdt), (Spcr.Signature, spcr),
                 })
        {
            bytes.CopyTo(image, tables[signature].Item1);
        }

        return new AcpiTables(baseAddress, image, tables);
    }
}
