using Armvisor.Memory;

namespace Armvisor.Firmware.Efi;

/// <summary>
/// One EFI_MEMORY_DESCRIPTOR (UEFI 2.10 §7.2 GetMemoryMap): Type u32, pad u32, PhysicalStart, VirtualStart,
/// NumberOfPages (4 KiB), Attribute. Written with a 48-byte stride, descriptor version 1, like EDK2.
/// </summary>
public sealed record EfiMemoryDescriptor(EfiMemoryType Type, AddressRange Range, EfiMemoryAttribute Attribute)
{
    public const int Size = 48;
    public const uint Version = 1;
    public const ulong PageSize = 4096;
}
