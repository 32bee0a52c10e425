namespace Armvisor.Firmware.Acpi;

/// <summary>The 36-byte System Description Table Header every table but the RSDP starts with (ACPI 6.5 §5.2.6, Table 5.4).</summary>
public static class AcpiTableHeader
{
    public const int SignatureOffset = 0;
    public const int LengthOffset = 4;
    public const int RevisionOffset = 8;
    public const int ChecksumOffset = 9;
    public const int OemIdOffset = 10;
    public const int OemTableIdOffset = 16;
    public const int OemRevisionOffset = 24;
    public const int CreatorIdOffset = 28;
    public const int CreatorRevisionOffset = 32;
    public const int Size = 36;

    /// <summary>OEM ID (6 characters) Armvisor writes.</summary>
    public const string OemId = "ARMVSR";

    /// <summary>OEM Table ID (8 characters).</summary>
    public const string OemTableId = "ARMVIRT ";

    /// <summary>Creator ID (4 characters).</summary>
    public const string CreatorId = "AVSR";
}
