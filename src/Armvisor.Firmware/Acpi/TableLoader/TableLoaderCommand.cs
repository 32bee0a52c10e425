namespace Armvisor.Firmware.Acpi.TableLoader;

/// <summary>
/// The commands of QEMU's ACPI linker/loader script, fw_cfg file "etc/table-loader" (QEMU
/// include/hw/acpi/bios-linker-loader.h, docs/specs/fw_cfg.rst; EDK2 OvmfPkg QemuLoader.h): one 128-byte entry each.
/// </summary>
public enum TableLoaderCommand : uint
{
    /// <summary>Allocate guest memory for a fw_cfg file and copy the file into it.</summary>
    Allocate = 1,

    /// <summary>Add the address of a source file's allocation to a little-endian offset stored in a destination file.</summary>
    AddPointer = 2,

    /// <summary>Store the ACPI checksum of a range of a file at an offset in that file.</summary>
    AddChecksum = 3,

    /// <summary>Write an allocation's address back into a writable fw_cfg file (not used by Armvisor's tables).</summary>
    WritePointer = 4,
}
