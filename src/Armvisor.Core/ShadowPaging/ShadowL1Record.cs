namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The hypervisor's bookkeeping for one shadow first-level entry (patents.md §6(b) "VMM bookkeeping"): the guest
/// descriptor it was derived from (so it can be rederived with the current DACR), its guest domain, and the shadow L2.
/// </summary>
internal struct ShadowL1Record
{
    public ShadowEntryKind Kind;

    /// <summary>The guest domain (0 for a supersection), which selects the guest DACR field.</summary>
    public byte Domain;

    /// <summary>A page-table entry made from a guest section (split into pages to write-protect a guest table in it).</summary>
    public bool Split;

    /// <summary>The guest first-level descriptor (section, supersection or page table) this entry shadows.</summary>
    public uint GuestDescriptor;

    /// <summary>The shadow L2's IPA (page-table entries).</summary>
    public uint ShadowL2;
}
