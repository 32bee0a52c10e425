namespace Armvisor.Vmm;

/// <summary>How the machine describes itself to the guest.</summary>
public enum FirmwareTables
{
    /// <summary>A flattened device tree (the default).</summary>
    DeviceTree,

    /// <summary>ACPI tables reached through a minimal EFI system table (issue 7).</summary>
    Acpi,
}
