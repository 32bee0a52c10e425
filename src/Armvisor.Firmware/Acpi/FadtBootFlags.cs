namespace Armvisor.Firmware.Acpi;

/// <summary>FADT ARM_BOOT_ARCH flags (ACPI 6.5 §5.2.9.4, Table 5.13), a 16-bit field at FADT offset 129.</summary>
[Flags]
public enum FadtBootFlags : ushort
{
    None = 0,

    /// <summary>Bit 0: PSCI is implemented; Linux then uses PSCI for every CPU (acpi_get_enable_method).</summary>
    PsciCompliant = 1,

    /// <summary>Bit 1: PSCI calls use HVC instead of SMC.</summary>
    PsciUseHvc = 2,
}
