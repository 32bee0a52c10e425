namespace Armvisor.Firmware;

/// <summary>The instruction the OS uses for PSCI calls (DT psci "method"; ACPI FADT ARM_BOOT_ARCH PSCI_USE_HVC).</summary>
public enum PsciConduit
{
    /// <summary>HVC, served by the hypervisor (QEMU virt's default without EL2/EL3 emulation).</summary>
    Hvc,

    /// <summary>SMC, served by the secure monitor.</summary>
    Smc,
}
