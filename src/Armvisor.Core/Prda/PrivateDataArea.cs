using System.Runtime.InteropServices;
using Armvisor.Memory;

namespace Armvisor.Core.Prda;

/// <summary>
/// One vCPU's private data area: the host page the alias IPA reaches on that vCPU (the engine's per-vCPU stage-2
/// override, <see cref="Armvisor.Engine.IVcpuEngine.MapPrivatePage"/>). The hypervisor reads the guest's
/// non-preemptible marker and sets the pending flag here (patents.md §3(a), deferred preemption); any host thread may
/// call these members, each field access is a single aligned atomic load or store.
/// </summary>
public sealed class PrivateDataArea : IDisposable
{
    private readonly GuestRam _page;

    internal PrivateDataArea(ulong ipa, int cpuId, ulong mpidr)
    {
        _page = new GuestRam(new GuestPhysicalAddress(ipa), PrdaConfiguration.Size);
        Write32(PrdaLayout.Magic, PrdaLayout.MagicValue);
        Write32(PrdaLayout.Version, PrdaLayout.VersionValue);
        Write64(PrdaLayout.CpuId, (ulong)cpuId);
        Write64(PrdaLayout.Mpidr, mpidr);
    }

    /// <summary>The host page (engine mapping).</summary>
    internal GuestRam Page => _page;

    public GuestPhysicalAddress Ipa => _page.Range.Start;

    /// <summary>The guest's nonPreemptDepth: &gt; 0 while it is inside a non-preemptible region.</summary>
    public uint NonPreemptDepth => Read32(PrdaLayout.NonPreemptDepth);

    public bool PreemptPending => Read32(PrdaLayout.HypervisorPreemptPending) != 0;

    public ulong Deferrals => Read64(PrdaLayout.Deferrals);

    public ulong ForcedPreemptions => Read64(PrdaLayout.ForcedPreemptions);

    /// <summary>A switch was deferred: sets preemptPending and counts it.</summary>
    public void MarkDeferred()
    {
        Write32(PrdaLayout.HypervisorPreemptPending, 1);
        Write64(PrdaLayout.Deferrals, Deferrals + 1);
    }

    /// <summary>The grace period ran out inside the region: the switch happens anyway; counted.</summary>
    public void MarkForced() => Write64(PrdaLayout.ForcedPreemptions, ForcedPreemptions + 1);

    /// <summary>The vCPU was switched out (or yielded): nothing is pending any more.</summary>
    public void ClearPending() => Write32(PrdaLayout.HypervisorPreemptPending, 0);

    /// <summary>Reads the u64 at <paramref name="offset"/> (tests and diagnostics: the guest area included).</summary>
    public ulong Read64(int offset) => Volatile.Read(ref MemoryMarshal.AsRef<ulong>(_page.GetSpan(Offset(offset, 8), 8)));

    public void Dispose() => _page.Dispose();

    private uint Read32(int offset) => Volatile.Read(ref MemoryMarshal.AsRef<uint>(_page.GetSpan(Offset(offset, 4), 4)));

    private void Write32(int offset, uint value) => Volatile.Write(ref MemoryMarshal.AsRef<uint>(_page.GetSpan(Offset(offset, 4), 4)), value);

    private void Write64(int offset, ulong value) => Volatile.Write(ref MemoryMarshal.AsRef<ulong>(_page.GetSpan(Offset(offset, 8), 8)), value);

    private GuestPhysicalAddress Offset(int offset, int size) =>
        offset >= 0 && offset + size <= (int)PrdaConfiguration.Size && offset % size == 0
            ? _page.Range.Start + (ulong)offset
            : throw new ArgumentOutOfRangeException(nameof(offset), offset, "outside the PRDA page or misaligned");
}
