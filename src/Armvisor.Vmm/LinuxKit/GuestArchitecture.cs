namespace Armvisor.Vmm.LinuxKit;

/// <summary>The Debian architecture of a guest kit: the kernel and busybox-static packages are apt's candidates for it.</summary>
public enum GuestArchitecture
{
    /// <summary>Debian arm64: linux-image-arm64 (an arm64 Image), booted on an AArch64 Cortex-A72.</summary>
    Arm64,

    /// <summary>Debian armhf: linux-image-armmp (a zImage with short descriptors), booted on an AArch32 Cortex-A15.</summary>
    Armhf,
}
