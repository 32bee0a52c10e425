namespace Armvisor.Integration.Tests.Firmware;

/// <summary>A fact that needs EDK2, qemu-system-aarch64 and the tools that make a GRUB disk (skipped with the reason otherwise).</summary>
public sealed class RequiresGrubDiskFactAttribute : FactAttribute
{
    public RequiresGrubDiskFactAttribute()
    {
        if (GrubDisk.Missing() is { } reason)
        {
            Skip = reason;
        }
    }
}
