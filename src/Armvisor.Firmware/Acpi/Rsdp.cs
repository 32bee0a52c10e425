using System.Buffers.Binary;

namespace Armvisor.Firmware.Acpi;

/// <summary>
/// Builds the ACPI 2.0+ RSDP (ACPI 6.5 §5.2.5.3, Table 5.3; 36 bytes): "RSD PTR ", checksum over bytes 0–19,
/// OEMID, revision 2, no RSDT, length, XSDT address and the extended checksum over all 36 bytes.
/// </summary>
public static class Rsdp
{
    public const int Length = 36;
    public const int ChecksumOffset = 8;
    public const int RevisionOffset = 15;
    public const int LengthOffset = 20;
    public const int XsdtAddressOffset = 24;
    public const int ExtendedChecksumOffset = 32;
    public const int V1Length = 20;

    public static byte[] Build(ulong xsdtAddress)
    {
        var w = new AcpiTableWriter();
        w.Ascii("RSD PTR ", 8);
        w.U8(0);                               // 8 Checksum (first 20 bytes)
        w.Ascii(AcpiTableHeader.OemId, 6);     // 9 OEMID
        w.U8(2);                               // 15 Revision: ACPI 2.0+
        w.U32(0);                              // 16 RsdtAddress: none, XSDT only
        w.U32(Length);                         // 20 Length
        w.U64(xsdtAddress);                    // 24 XsdtAddress
        w.U8(0);                               // 32 Extended Checksum
        w.Zeros(3);                            // 33 Reserved
        var rsdp = w.ToArray();
        AcpiChecksum.Fix(rsdp.AsSpan(0, V1Length), ChecksumOffset);
        AcpiChecksum.Fix(rsdp, ExtendedChecksumOffset);
        return rsdp;
    }

    /// <summary>The XSDT address of an RSDP.</summary>
    public static ulong ReadXsdtAddress(ReadOnlySpan<byte> rsdp) => BinaryPrimitives.ReadUInt64LittleEndian(rsdp[XsdtAddressOffset..]);
}
