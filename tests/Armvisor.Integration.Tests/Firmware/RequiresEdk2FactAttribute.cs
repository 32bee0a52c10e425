namespace Armvisor.Integration.Tests.Firmware;

/// <summary>A fact that needs Debian's EDK2 images and qemu-system-aarch64 (skipped with the reason otherwise).</summary>
public sealed class RequiresEdk2FactAttribute : FactAttribute
{
    public RequiresEdk2FactAttribute()
    {
        if (FirmwareImages.MissingForEdk2() is { } reason)
        {
            Skip = reason;
        }
    }
}
