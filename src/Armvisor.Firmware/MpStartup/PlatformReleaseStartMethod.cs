namespace Armvisor.Firmware.MpStartup;

/// <summary>A platform-specific release from the machine configuration.</summary>
public sealed record PlatformReleaseStartMethod(PlatformRelease Release) : SecondaryStartMethod;
