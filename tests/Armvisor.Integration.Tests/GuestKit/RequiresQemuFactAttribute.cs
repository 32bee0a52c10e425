namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>A fact skipped, with the reason, when QEMU or the aarch64 cross compiler is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresQemuFactAttribute : FactAttribute
{
    public RequiresQemuFactAttribute()
    {
        if (HostTools.MissingForQemu() is { } reason)
        {
            Skip = reason;
        }
    }
}
