namespace Armvisor.Vmm.LinuxKit;

/// <summary>Why the guest kit (Debian's arm64 kernel and busybox) could not be fetched or built.</summary>
public enum GuestKitFailure
{
    /// <summary>The package mirror could not be reached and nothing usable is cached.</summary>
    NoNetwork,

    /// <summary>apt knows no such package (or no arm64 candidate for it).</summary>
    PackageNotFound,

    /// <summary>A step needs root: adding the arm64 architecture or refreshing the package lists.</summary>
    NotRoot,

    /// <summary>A host tool (apt-get, apt-cache, dpkg, dpkg-deb, qemu-system-aarch64) is not installed.</summary>
    ToolMissing,

    /// <summary>A host tool failed for another reason; the message carries its last error line.</summary>
    ToolFailed,

    /// <summary>A package did not contain what the kit needs (kernel image, modules, busybox).</summary>
    BadPackage,
}
