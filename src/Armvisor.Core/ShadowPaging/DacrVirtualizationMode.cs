namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// How the hypervisor core virtualizes an AArch32 guest's memory protection (DACR, short descriptors; patents.md §6).
/// </summary>
public enum DacrVirtualizationMode
{
    /// <summary>The guest's own tables and DACR drive the engine's MMU directly (no trap).</summary>
    Off,

    /// <summary>Shadow tables; on a DACR change L1 iterate (sections rewritten in place) and L2 drop/repopulate (US9251102).</summary>
    Shadow,

    /// <summary>Shadow tables; on a DACR change L1 iterate and the affected shadow L2s' APs rewritten in place (US8621136).</summary>
    Swizzle,

    /// <summary>Shadow tables; per-domain sets of shadow entries, so a DACR change visits only the affected ones (US8489800).</summary>
    DomainTrack,

    /// <summary>Shadow tables; every DACR write drops all shadows (what a full TLB-and-shadow flush does).</summary>
    Flush,
}
