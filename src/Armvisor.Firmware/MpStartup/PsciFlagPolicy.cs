namespace Armvisor.Firmware.MpStartup;

/// <summary>What the rewrite does with FADT ARM_BOOT_ARCH.</summary>
public enum PsciFlagPolicy
{
    /// <summary>
    /// Clear PSCI_COMPLIANT and PSCI_USE_HVC so that Linux uses the mailboxes (with PSCI_COMPLIANT set it uses PSCI for
    /// every CPU and never looks at the parking fields; linux-platform.md §4.1).
    /// </summary>
    ClearPsciFlags,

    /// <summary>Leave the FADT alone (an OS that prefers the parking protocol whenever a GICC offers it).</summary>
    Keep,
}
