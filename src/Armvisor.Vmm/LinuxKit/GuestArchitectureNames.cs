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

    /// <summary>The metapackage whose dependency names the current kernel package (linux-image-6.1.0-N-arm64, -armmp or -armmp-lpae).</summary>
    public static string KernelMetapackage(this GuestArchitecture architecture, KernelFlavour flavour = KernelFlavour.Default) =>
        (architecture, flavour) switch
        {
            (GuestArchitecture.Armhf, KernelFlavour.Lpae) => "linux-image-armmp-lpae",
            (GuestArchitecture.Armhf, _) => "linux-image-armmp",
            _ => "linux-image-arm64",
        };

    /// <summary>Parses <c>--kernel-flavour</c> for <paramref name="architecture"/>: default, or lpae (armhf only);
    /// throws <see cref="MachineConfigurationException"/>.</summary>
    public static KernelFlavour ParseFlavour(string? name, GuestArchitecture architecture) => name?.ToLowerInvariant() switch
    {
        null or "" or "default" => KernelFlavour.Default,
        "lpae" when architecture == GuestArchitecture.Armhf => KernelFlavour.Lpae,
        "lpae" => throw new MachineConfigurationException("--kernel-flavour lpae needs --arch armhf (linux-image-armmp-lpae)"),
        _ => throw new MachineConfigurationException($"bad --kernel-flavour '{name}': expected default or lpae"),
    };

    /// <summary>Parses <c>--arch</c>: arm64 (also aarch64) or armhf (also arm); throws <see cref="MachineConfigurationException"/>.</summary>
    public static GuestArchitecture Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "arm64" or "aarch64" => GuestArchitecture.Arm64,
        "armhf" or "arm" => GuestArchitecture.Armhf,
        _ => throw new MachineConfigurationException($"bad --arch '{name}': expected arm64 or armhf"),
    };
}
