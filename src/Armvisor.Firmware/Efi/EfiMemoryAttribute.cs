namespace Armvisor.Firmware.Efi;

/// <summary>EFI memory descriptor attributes (UEFI 2.10 §7.2, EFI_MEMORY_*).</summary>
[Flags]
public enum EfiMemoryAttribute : ulong
{
    None = 0,

    /// <summary>EFI_MEMORY_WB: Linux treats only WB/WT/WC ranges as memory at all (efi-init.c is_memory).</summary>
    WriteBack = 0x8,

    /// <summary>EFI_MEMORY_RUNTIME: the range must be mapped for runtime services.</summary>
    Runtime = 0x8000_0000_0000_0000,
}
