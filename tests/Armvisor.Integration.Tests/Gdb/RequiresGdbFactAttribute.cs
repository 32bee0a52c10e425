using Armvisor.Integration.Tests.GuestKit;

namespace Armvisor.Integration.Tests.Gdb;

/// <summary>A fact skipped, with the reason, when gdb-multiarch or QEMU (the reference) is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresGdbFactAttribute : FactAttribute
{
    public RequiresGdbFactAttribute()
    {
        string? missing = HostTools.MissingForQemu()
            ?? (HostTools.Find(GdbBatch.Program) is null ? $"{GdbBatch.Program} is not installed (Debian gdb-multiarch; scripts/install-deps.sh)" : null);
        if (missing is not null)
        {
            Skip = missing;
        }
    }
}
