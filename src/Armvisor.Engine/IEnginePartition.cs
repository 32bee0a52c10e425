using Armvisor.Memory;

namespace Armvisor.Engine;

/// <summary>
/// The engine's view of one VM (HVF's <c>hv_vm_*</c>): the stage-2 map from IPA to host memory shared by all vCPUs,
/// the global exclusive monitor, the shared counter and broadcast TLB maintenance.
/// An IPA outside every mapping leaves <see cref="IVcpuEngine.Run"/> as a stage-2 abort (EC 0x20/0x24) with the IPA.
/// </summary>
public interface IEnginePartition : IDisposable
{
    /// <summary>Maps <paramref name="ram"/> at its own IPA range (identity, like <c>hv_vm_map</c>).</summary>
    void MapRam(GuestRam ram, Stage2Permissions permissions);

    /// <summary>Removes the mapping that starts at <paramref name="start"/>; every vCPU's TLB forgets it.</summary>
    void Unmap(GuestPhysicalAddress start);

    /// <summary>Creates vCPU <paramref name="index"/> with the given MPIDR_EL1 affinity value. Call from the thread that will run it.</summary>
    IVcpuEngine CreateVcpu(int index, ulong mpidr);

    /// <summary>CNTFRQ_EL0 of every vCPU, in Hz.</summary>
    ulong CounterFrequency { get; }

    /// <summary>The current physical count (CNTPCT_EL0) shared by all vCPUs.</summary>
    ulong ReadCounter();
}
