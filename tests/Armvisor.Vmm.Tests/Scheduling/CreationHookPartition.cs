using Armvisor.Engine;
using Armvisor.Memory;

namespace Armvisor.Vmm.Tests.Scheduling;

/// <summary>An engine partition that calls <paramref name="created"/> while a vCPU's engine is being created (before
/// the vCPU sees it): where a request from another thread can race with the engine's creation.</summary>
internal sealed class CreationHookPartition(IEnginePartition inner, Action<int> created) : IEnginePartition
{
    public ulong CounterFrequency => inner.CounterFrequency;

    public void MapRam(GuestRam ram, Stage2Permissions permissions) => inner.MapRam(ram, permissions);

    public void Unmap(GuestPhysicalAddress start) => inner.Unmap(start);

    public IVcpuEngine CreateVcpu(int index, ulong mpidr)
    {
        IVcpuEngine engine = inner.CreateVcpu(index, mpidr);
        created(index);
        return engine;
    }

    public ulong ReadCounter() => inner.ReadCounter();

    public void Dispose() => inner.Dispose();
}
