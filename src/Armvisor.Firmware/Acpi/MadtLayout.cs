namespace Armvisor.Firmware.Acpi;

/// <summary>
/// MADT offsets (ACPI 6.5 §5.2.12, Tables 5.19, 5.37, 5.38, 5.41; ACPICA actbl2.h). Interrupt controller structures
/// start at 44; the builder writes the 80-byte GICC of ACPI 6.0–6.4 (6.5 appends a 2-byte TRBE field, which Linux
/// does not need: it accepts any length ≥ 76, arch/arm64/include/asm/acpi.h ACPI_MADT_GICC_MIN_LENGTH).
/// </summary>
public static class MadtLayout
{
    public const string Signature = "APIC";
    public const byte Revision = 5;
    public const int LocalInterruptControllerAddressOffset = 36;
    public const int FlagsOffset = 40;
    public const int FirstStructureOffset = 44;

    public const byte GiccType = 0x0B;
    public const byte GiccLength = 80;
    public const int GiccMinimumLength = 76;
    public const int GiccCpuInterfaceNumberOffset = 4;
    public const int GiccProcessorUidOffset = 8;
    public const int GiccFlagsOffset = 12;
    public const int GiccParkingProtocolVersionOffset = 16;
    public const int GiccPerformanceGsivOffset = 20;
    public const int GiccParkedAddressOffset = 24;
    public const int GiccPhysicalBaseOffset = 32;
    public const int GiccGicvOffset = 40;
    public const int GiccGichOffset = 48;
    public const int GiccVgicMaintenanceGsivOffset = 56;
    public const int GiccGicrBaseOffset = 60;
    public const int GiccMpidrOffset = 68;

    /// <summary>GICC Flags bit 0: Enabled.</summary>
    public const uint GiccEnabled = 1;

    public const byte GicdType = 0x0C;
    public const byte GicdLength = 24;

    public const byte GicrType = 0x0E;
    public const byte GicrLength = 16;

    /// <summary>GICD "GIC version" value for GICv3.</summary>
    public const byte GicVersion3 = 3;
}
