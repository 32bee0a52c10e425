namespace Armvisor.Vmm.LinuxKit;

/// <summary>Which of Debian's kernel flavours for the architecture a kit boots (<c>demo --kernel-flavour</c>).</summary>
public enum KernelFlavour
{
    /// <summary>arm64: linux-image-arm64; armhf: linux-image-armmp (short descriptors, 32-bit physical addresses).</summary>
    Default,

    /// <summary>armhf only: linux-image-armmp-lpae (CONFIG_ARM_LPAE: long descriptors, TTBCR.EAE = 1; needs a Cortex-A15/A7).</summary>
    Lpae,
}
