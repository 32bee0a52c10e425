namespace Armvisor.Engine.Tlb;

/// <summary>The slow-path half of a TLB entry: where the page lives physically and which mapping backs it.</summary>
internal struct TlbPhysical
{
    /// <summary>IPA of the page.</summary>
    public ulong PhysicalPage;

    public RamMapping? Mapping;

    /// <summary>Stage 1 said the page is Device memory (unaligned accesses fault, DDI0487 B2.5.2).</summary>
    public bool Device;
}
