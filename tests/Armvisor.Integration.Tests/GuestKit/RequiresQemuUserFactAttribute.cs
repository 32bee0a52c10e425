namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>A fact skipped, with the reason, when qemu-aarch64 (user mode) or the aarch64 cross compiler is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresQemuUserFactAttribute : FactAttribute
{
    public RequiresQemuUserFactAttribute()
    {
        if (HostTools.MissingForQemuUser() is { } reason)
        {
            Skip = reason;
        }
    }
}
