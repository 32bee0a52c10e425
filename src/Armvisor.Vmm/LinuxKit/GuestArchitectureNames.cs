namespace Armvisor.Vmm.LinuxKit;

/// <summary>What a <see cref="GuestArchitecture"/> is called by dpkg and apt, and which kernel metapackage it boots.</summary>
public static class GuestArchitectureNames
{
    /// <summary>dpkg's architecture name (<c>dpkg --add-architecture NAME</c>, <c>package:NAME</c>).</summary>
    public static string DebianName(this GuestArchitecture architecture) => architecture switch
    {
        GuestArchitecture.Armhf => "armhf",
        _ => "arm64",
    };

    /// <summary>The metapackage whose dependency names the current kernel package (linux-image-6.1.0-N-arm64 or -armmp).</summary>
    public static string KernelMetapackage(this GuestArchitecture architecture) => architecture switch
    {
        GuestArchitecture.Armhf => "linux-image-armmp",
        _ => "linux-image-arm64",
    };

    /// <summary>Parses <c>--arch</c>: arm64 (also aarch64) or armhf (also arm); throws <see cref="MachineConfigurationException"/>.</summary>
    public static GuestArchitecture Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "arm64" or "aarch64" => GuestArchitecture.Arm64,
        "armhf" or "arm" => GuestArchitecture.Armhf,
        _ => throw new MachineConfigurationException($"bad --arch '{name}': expected arm64 or armhf"),
    };
}
