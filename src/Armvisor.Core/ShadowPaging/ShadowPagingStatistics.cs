namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// What the shadow pager did (patents.md §6(b) "statistics for tests"). Read on any thread; written by the vCPU's.
/// </summary>
public sealed class ShadowPagingStatistics
{
    internal long DacrWritesCount;
    internal long ShadowFaultsCount;
    internal long L1EntriesRewrittenCount;
    internal long L1EntriesVisitedCount;
    internal long L2DroppedCount;
    internal long L2RepopulatedCount;
    internal long L2SwizzledCount;
    internal long ReflectedFaultsCount;
    internal long TableWritesCount;
    internal long ShadowInvalidationsCount;
    internal long IsolationRefusalsCount;
    internal long ShadowSwitchesCount;
    internal long AddressSpaceSwitchesCount;

    /// <summary>Guest DACR writes trapped (HCR_EL2.TVM).</summary>
    public long DacrWrites => Interlocked.Read(ref DacrWritesCount);

    /// <summary>Faults of the engine's walk of the shadow tables (each one a hypervisor "exit").</summary>
    public long ShadowFaults => Interlocked.Read(ref ShadowFaultsCount);

    /// <summary>Shadow first-level section entries rewritten in place on DACR changes (L1 iterate).</summary>
    public long L1EntriesRewritten => Interlocked.Read(ref L1EntriesRewrittenCount);

    /// <summary>Shadow first-level entries examined on DACR changes (4096 per table for L1 iterate; the tracked ones for domain-track).</summary>
    public long L1EntriesVisited => Interlocked.Read(ref L1EntriesVisitedCount);

    /// <summary>Shadow second-level tables dropped on DACR changes (L2 drop; every one for flush).</summary>
    public long L2Dropped => Interlocked.Read(ref L2DroppedCount);

    /// <summary>Shadow second-level tables (re)built from the guest's on a shadow translation fault (L2 repopulate).</summary>
    public long L2Repopulated => Interlocked.Read(ref L2RepopulatedCount);

    /// <summary>Shadow second-level tables whose APs were rewritten in place on DACR changes (swizzle, domain-track).</summary>
    public long L2Swizzled => Interlocked.Read(ref L2SwizzledCount);

    /// <summary>Guest translation, domain and permission faults reflected to the guest (DFSR/IFSR, DFAR/IFAR).</summary>
    public long ReflectedFaults => Interlocked.Read(ref ReflectedFaultsCount);

    /// <summary>Guest writes to its own (write-protected) translation tables, emulated by the hypervisor.</summary>
    public long TableWrites => Interlocked.Read(ref TableWritesCount);

    /// <summary>Shadow entries dropped because the guest wrote its tables or invalidated its TLB.</summary>
    public long ShadowInvalidations => Interlocked.Read(ref ShadowInvalidationsCount);

    /// <summary>Accesses refused because they would reach hypervisor memory (its window or its shadow-table pool).</summary>
    public long IsolationRefusals => Interlocked.Read(ref IsolationRefusalsCount);

    /// <summary>Walks that used the other shadow (privileged/user) than the walk before: the TTBR0 switches of §6(a) step 7.</summary>
    public long ShadowSwitches => Interlocked.Read(ref ShadowSwitchesCount);

    /// <summary>Guest TTBR0/TTBR1/TTBCR/SCTLR writes that selected another shadow address space.</summary>
    public long AddressSpaceSwitches => Interlocked.Read(ref AddressSpaceSwitchesCount);
}
