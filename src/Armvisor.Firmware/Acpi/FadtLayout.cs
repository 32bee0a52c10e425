namespace Armvisor.Firmware.Acpi;

/// <summary>FADT ("FACP") offsets used on Arm (ACPI 6.5 §5.2.9, Table 5.9).</summary>
public static class FadtLayout
{
    public const string Signature = "FACP";
    public const byte Revision = 6;
    public const byte MinorRevision = 3;
    public const int Length = 276;
    public const int DsdtOffset = 40;
    public const int FlagsOffset = 112;
    public const int ArmBootArchOffset = 129;
    public const int MinorVersionOffset = 131;
    public const int XDsdtOffset = 140;

    /// <summary>Flags bit 20, HW_REDUCED_ACPI: Linux arm64 requires it (arch/arm64/kernel/acpi.c acpi_fadt_sanity_check).</summary>
    public const uint HardwareReducedAcpi = 1u << 20;
}
