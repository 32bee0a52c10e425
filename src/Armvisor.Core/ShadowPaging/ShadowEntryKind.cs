namespace Armvisor.Core.ShadowPaging;

/// <summary>What a shadow first-level entry is (DDI0487 G5.5 first-level descriptor types).</summary>
internal enum ShadowEntryKind : byte
{
    /// <summary>Fault (bits [1:0] = 00): the next access is a shadow translation fault.</summary>
    None,

    /// <summary>A section shadowing a guest section or 1 MiB of a supersection (rewritten in place on DACR changes).</summary>
    Section,

    /// <summary>A page-table entry to a shadow L2 (of a guest L2, or of a guest section split to write-protect its tables).</summary>
    PageTable,
}
