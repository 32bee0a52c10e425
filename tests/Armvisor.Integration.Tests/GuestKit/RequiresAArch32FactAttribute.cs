namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>A fact skipped, with the reason, when the AArch32 cross compiler or qemu-system-arm is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresAArch32FactAttribute : FactAttribute
{
    public RequiresAArch32FactAttribute()
    {
        if (HostTools.MissingForAArch32() is { } reason)
        {
            Skip = reason;
        }
    }
}
