using Armvisor.Integration.Tests.GuestKit;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>The firmware QEMU users boot on virt, from Debian's packages (scripts/install-deps.sh installs them).</summary>
internal static class FirmwareImages
{
    /// <summary>U-Boot for QEMU's arm64 virt board (Debian u-boot-qemu).</summary>
    public const string UBoot = "/usr/lib/u-boot/qemu_arm64/u-boot.bin";

    /// <summary>EDK2's ArmVirtQemu for -bios (Debian qemu-efi-aarch64, 2 MiB).</summary>
    public const string QemuEfi = "/usr/share/qemu-efi-aarch64/QEMU_EFI.fd";

    /// <summary>EDK2's ArmVirtQemu as pflash unit 0 (64 MiB), with its variable store template for unit 1.</summary>
    public const string AavmfCode = "/usr/share/AAVMF/AAVMF_CODE.fd", AavmfVars = "/usr/share/AAVMF/AAVMF_VARS.fd";

    /// <summary>Why the EDK2 tests cannot run here, or null.</summary>
    public static string? MissingForEdk2() =>
        HostTools.Find(HostTools.Qemu) is null ? $"{HostTools.Qemu} is not installed (Debian qemu-system-arm; scripts/install-deps.sh)"
        : new[] { QemuEfi, AavmfCode, AavmfVars }.FirstOrDefault(f => !File.Exists(f)) is { } missing ? $"{missing} is missing (Debian qemu-efi-aarch64; scripts/install-deps.sh)"
        : null;

    /// <summary>Why the U-Boot tests cannot run here, or null.</summary>
    public static string? MissingForUBoot() =>
        HostTools.Find(HostTools.Qemu) is null ? $"{HostTools.Qemu} is not installed (Debian qemu-system-arm; scripts/install-deps.sh)"
        : !File.Exists(UBoot) ? $"{UBoot} is missing (Debian u-boot-qemu; scripts/install-deps.sh)"
        : null;
}
