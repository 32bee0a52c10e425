using Armvisor.Memory;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// The /chosen properties by which a kernel without an EFI stub finds UEFI (drivers/firmware/efi/fdtparams.c):
/// linux,uefi-system-table (u64), linux,uefi-mmap-start (u64), -mmap-size, -mmap-desc-size, -mmap-desc-ver (u32).
/// </summary>
public sealed record UefiBootParameters(
    GuestPhysicalAddress SystemTable,
    GuestPhysicalAddress MemoryMap,
    uint MemoryMapSize,
    uint DescriptorSize,
    uint DescriptorVersion);
