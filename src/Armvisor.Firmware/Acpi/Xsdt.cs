namespace Armvisor.Firmware.Acpi;

/// <summary>Builds the XSDT (ACPI 6.5 §5.2.8): the header followed by 64-bit physical addresses of the other tables.</summary>
public static class Xsdt
{
    public const string Signature = "XSDT";
    public const byte Revision = 1;

    public static byte[] Build(IEnumerable<ulong> tableAddresses) => AcpiTableWriter.Table(Signature, Revision, w =>
    {
        foreach (var address in tableAddresses)
        {
            w.U64(address);
        }
    });
}
