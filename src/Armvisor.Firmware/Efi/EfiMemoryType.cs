namespace Armvisor.Firmware.Efi;

/// <summary>EFI_MEMORY_TYPE values used in the memory map (UEFI 2.10 §7.2, Table 7.6).</summary>
public enum EfiMemoryType : uint
{
    /// <summary>Not usable by the OS; Linux marks it nomap, so it can be ioremapped (mailboxes).</summary>
    Reserved = 0,
    RuntimeServicesCode = 5,
    RuntimeServicesData = 6,
    Conventional = 7,

    /// <summary>ACPI tables; Linux keeps them (memblock_reserve + nomap in efi-init.c reserve_regions).</summary>
    AcpiReclaim = 9,
    AcpiNvs = 10,
}
