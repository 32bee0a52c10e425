using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>A theory that is skipped, with the reason, when qemu-system-aarch64 or the aarch64 cross compiler is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresQemuTheoryAttribute : TheoryAttribute
{
    public RequiresQemuTheoryAttribute()
    {
        if (ToolLocator.MissingPrerequisite() is { } reason)
        {
            Skip = reason;
        }
    }
}
