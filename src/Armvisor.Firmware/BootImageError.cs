namespace Armvisor.Firmware;

/// <summary>What was wrong with a boot input; lets the CLI map errors to exit codes and tests assert the cause.</summary>
public enum BootImageError
{
    /// <summary>The named file does not exist or cannot be read.</summary>
    MissingFile,

    /// <summary>The kernel is neither an arm64 Image (magic "ARM\x64" at 0x38) nor its gzip form.</summary>
    NotArm64Image,

    /// <summary>The file is not a loadable ELF64 AArch64 executable.</summary>
    NotElfImage,

    /// <summary>The image, initrd or DTB does not fit in guest RAM.</summary>
    LargerThanRam,

    /// <summary>Two boot components would occupy the same guest physical bytes, or one falls outside RAM.</summary>
    OverlappingPlacement,

    /// <summary>A user-supplied device tree blob is not a valid FDT.</summary>
    MalformedDeviceTree,
}
