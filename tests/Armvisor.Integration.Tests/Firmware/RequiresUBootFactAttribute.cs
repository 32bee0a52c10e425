namespace Armvisor.Integration.Tests.Firmware;

/// <summary>A fact skipped, with the reason, when QEMU or Debian's U-Boot for qemu_arm64 is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresUBootFactAttribute : FactAttribute
{
    public RequiresUBootFactAttribute()
    {
        if (FirmwareImages.MissingForUBoot() is { } reason)
        {
            Skip = reason;
        }
    }
}
