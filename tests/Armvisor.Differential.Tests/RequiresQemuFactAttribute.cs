using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>A fact that is skipped, with the reason, when qemu-system-aarch64 or the aarch64 cross compiler is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresQemuFactAttribute : FactAttribute
{
    public RequiresQemuFactAttribute()
    {
        if (ToolLocator.MissingPrerequisite() is { } reason)
        {
            Skip = reason;
        }
    }
}
