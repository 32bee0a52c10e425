using Armvisor.Devices.Platform;

namespace Armvisor.Devices.Tests.Platform;

/// <summary>CPUs with the given MPIDRs, all off; records every release the device asks for.</summary>
internal sealed class RecordingReleaseTarget(params ulong[] mpidrs) : ICpuReleaseTarget
{
    private readonly HashSet<ulong> _on = [];

    public List<(ulong Mpidr, ulong Entry)> Releases { get; } = [];

    public CpuReleaseStatus Release(ulong mpidr, ulong entry)
    {
        if (!mpidrs.Contains(mpidr))
        {
            return CpuReleaseStatus.UnknownCpu;
        }

        if (!_on.Add(mpidr))
        {
            return CpuReleaseStatus.AlreadyOn;
        }

        Releases.Add((mpidr, entry));
        return CpuReleaseStatus.Released;
    }
}
