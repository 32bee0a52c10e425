using Armvisor.Integration.Tests.GuestKit;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>The firmware QEMU users boot on virt, from Debian's packages (scripts/install-deps.sh installs them).</summary>
internal static class FirmwareImages
{
    /// <summary>U-Boot for QEMU's arm64 virt board (Debian u-boot-qemu).</summary>
    public const string UBoot = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";

    /// <summary>Why the U-Boot tests cannot run here, or null.</summary>
    public static string? MissingForUBoot() =>
        HostTools.Find(HostTools.Qemu) is null ? $"{HostTools.Qemu} is not installed (Debian qemu-system-arm; scripts/install-deps.sh)"
        : !File.Exists(UBoot) ? $"{UBoot} is missing (Debian u-boot-qemu; scripts/install-deps.sh)"
        : null;
}
