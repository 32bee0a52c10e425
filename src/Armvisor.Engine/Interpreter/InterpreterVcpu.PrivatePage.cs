using Armvisor.Engine.Tlb;
using Armvisor.Memory;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The per-vCPU stage-2 override of one IPA page (patents.md §3, the virtual alias): accesses of this vCPU to that IPA
/// reach this vCPU's own host page, whatever the partition maps there. The override lives only in this vCPU's slow
/// path, so only this vCPU's soft TLB and block caches ever hold a translation to its page; another vCPU's walk of the
/// same IPA finds its own override (or the partition's map), never this one.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private RamMapping? _privatePage;
    private readonly List<ulong> _flushedPrivatePages = [];

    /// <summary>IPA of the private page, or null when none is mapped.</summary>
    public GuestPhysicalAddress? PrivatePageAddress => _privatePage is { } p ? new GuestPhysicalAddress(p.Start) : null;

    public void MapPrivatePage(GuestRam page, Stage2Permissions permissions)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.Range.Length != InterpreterConstants.PageSize || (page.Range.Start.Value & InterpreterConstants.PageOffsetMask) != 0)
        {
            throw new EngineException($"a private page must be one aligned 4 KiB page, not {page.Range}");
        }

        _privatePage = new RamMapping(page, permissions);
        // Every translation that reached the IPA through the partition's map (or an earlier private page) is now wrong.
        FlushTlbLocal();
    }

    public int FlushPrivatePage()
    {
        if (_privatePage is not { } mapping)
        {
            return 0;
        }

        _flushedPrivatePages.Clear();
        int dropped = Tlb.FlushMapping(mapping, _flushedPrivatePages);
        foreach (ulong virtualPage in _flushedPrivatePages)
        {
            ClearJumpCachePage(virtualPage);
        }

        return dropped;
    }
}
