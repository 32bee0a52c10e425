namespace Armvisor.Vmm;

/// <summary>
/// How the machine's own firmware starts secondary CPUs (its "original method", issue 7). With ACPI boot the
/// hypervisor uses it once per secondary to park the CPU in its mailbox; the OS only ever sees the parking protocol.
/// </summary>
public enum SecondaryStartKind
{
    /// <summary>PSCI CPU_ON (FADT PSCI_COMPLIANT; the default).</summary>
    Psci,

    /// <summary>
    /// A platform-specific release: the CPU release controller (docs/memory-map.md), ENTRY then RELEASE = MPIDR, and
    /// an FADT without PSCI, like the embedded boards of patents.md §4.
    /// </summary>
    Platform,
}
