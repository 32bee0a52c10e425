namespace Armvisor.Firmware.Loading;

/// <summary>Image header flags bits 2:1, the kernel's page size (booting.rst "Kernel page size").</summary>
public enum Arm64PageSize
{
    Unspecified = 0,
    Size4K = 1,
    Size16K = 2,
    Size64K = 3,
}
