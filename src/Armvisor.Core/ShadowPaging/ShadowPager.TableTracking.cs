using Armvisor.Engine.AArch32.Memory;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The guest's translation tables the shadows were derived from (patents.md §6(a) "guest writes to its own page tables
/// tracked"): every such 4 KiB guest page is write-protected in the shadows; a guest write to it is emulated (permit
/// once) and afterwards exactly the shadow entries derived from what it changed are rederived in place; a page nothing
/// is derived from any more is released (the kernel reuses freed page-table pages as ordinary memory).
/// </summary>
internal sealed partial class ShadowPager
{
    /// <summary>Guest pages (4 KiB IPA) holding a first- or second-level table the shadows were derived from.</summary>
    private readonly HashSet<uint> _tablePages = [];

    /// <summary>Tracked table pages per guest 1 MiB (a guest section holding one is shadowed page by page).</summary>
    private readonly Dictionary<uint, int> _tablePagesPerSection = [];

    /// <summary>Guest L2 page → the shadow page-table entries (space, user, first-level index) built from a guest L2 in it.</summary>
    private readonly Dictionary<uint, HashSet<(ShadowAddressSpace Space, bool User, int Index)>> _derivedFromPage = [];

    /// <summary>The tracked table page a permitted write is going to (resynchronized when its instruction ends).</summary>
    private uint? _pendingTableWrite;

    public void OnPermittedAccessCompleted()
    {
        if (_pendingTableWrite is { } page)
        {
            _pendingTableWrite = null;
            ResynchronizeFrom(page);
        }
    }

    private bool SectionHoldsTable(uint sectionBase) => _tablePagesPerSection.ContainsKey(sectionBase);

    private void NoteDerived(ShadowAddressSpace space, bool user, int index, uint guestL2Page)
    {
        if (!_derivedFromPage.TryGetValue(guestL2Page, out HashSet<(ShadowAddressSpace, bool, int)>? set))
        {
            set = [];
            _derivedFromPage[guestL2Page] = set;
        }

        set.Add((space, user, index));
    }

    private void ForgetDerived(ShadowAddressSpace space, bool user, int index, uint guestL2Page)
    {
        if (_derivedFromPage.TryGetValue(guestL2Page, out HashSet<(ShadowAddressSpace, bool, int)>? set) && set.Remove((space, user, index))
            && set.Count == 0)
        {
            _derivedFromPage.Remove(guestL2Page);
        }
    }

    /// <summary>
    /// A guest page becomes a tracked translation table: every shadow mapping of it must lose write permission, so the
    /// shadow small pages mapping it become read-only in place and shadow sections over it are dropped (rebuilt split
    /// into pages, the table's page read-only, on the next access).
    /// </summary>
    private void TrackTablePage(uint page)
    {
        if (!_tablePages.Add(page))
        {
            return;
        }

        uint section = page & 0xFFF0_0000;
        _tablePagesPerSection[section] = _tablePagesPerSection.GetValueOrDefault(section) + 1;
        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach (bool user in (ReadOnlySpan<bool>)[false, true])
            {
                ShadowL1Record[] records = space.Records(user);
                for (int index = 0; index < records.Length; index++)
                {
                    ref ShadowL1Record record = ref records[index];
                    if (record.Kind == ShadowEntryKind.PageTable)
                    {
                        WriteProtect(space, index, record.ShadowL2, page);
                    }
                    else if (record.Kind == ShadowEntryKind.Section && SectionBase(record.GuestDescriptor, index) == section)
                    {
                        Statistics.ShadowInvalidationsCount++;
                        Drop(space, user, index);
                        InvalidateRegion(space, index);
                    }
                }
            }
        }
    }

    /// <summary>A page nothing is derived from any more: no longer write-protected (its RO shadow slots are rederived on the next write).</summary>
    private void UntrackTablePage(uint page)
    {
        if (!_tablePages.Remove(page))
        {
            return;
        }

        uint section = page & 0xFFF0_0000;
        int count = _tablePagesPerSection[section] - 1;
        if (count == 0)
        {
            _tablePagesPerSection.Remove(section);
        }
        else
        {
            _tablePagesPerSection[section] = count;
        }
    }

    /// <summary>Shadow small pages of <paramref name="page"/> that are PL0 RW (AP = 011) become RO (010) in place.</summary>
    private void WriteProtect(ShadowAddressSpace space, int index, uint shadowL2, uint page)
    {
        for (uint i = 0; i < 256; i++)
        {
            uint slot = shadowL2 + (i * 4);
            uint entry = _pool.Read(slot);
            if ((entry & 2) != 0 && (entry & 0xFFFF_F000) == page && (entry & 0x230) == 0x030)
            {
                _pool.Write(slot, (entry & ~0x230u) | 0x020);
                InvalidatePage(space, ((uint)index << 20) | (i << 12));
            }
        }
    }

    /// <summary>
    /// After a guest write to its table page <paramref name="page"/>: first-level entries whose guest descriptor there
    /// changed are dropped; the shadow L2s built from a guest L2 there get their changed entries rederived in place.
    /// </summary>
    private void ResynchronizeFrom(uint page)
    {
        ShortDescriptorRegisters guest = GuestView;
        bool derived = false;
        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach ((uint table, int first, int count) in L1Spans(space.Key))
            {
                if (page + 4096 <= table + ((uint)first * 4) || page >= table + ((uint)(first + count) * 4))
                {
                    continue;
                }

                derived = true;
                int from = Math.Max(first, (int)((page - table) / 4));
                int to = Math.Min(first + count, (int)((page + 4096 - table) / 4));
                for (int index = from; index < to; index++)
                {
                    ResynchronizeL1(space, index, table + ((uint)index * 4), guest);
                }
            }
        }

        if (_derivedFromPage.TryGetValue(page, out HashSet<(ShadowAddressSpace, bool, int)>? set))
        {
            derived = true;
            foreach ((ShadowAddressSpace space, bool user, int index) in set)
            {
                ref ShadowL1Record record = ref space.Records(user)[index];
                for (uint i = 0; i < 256; i++)
                {
                    RederiveSlot(space, user, index, record, i, guest);
                }
            }
        }

        if (!derived)
        {
            UntrackTablePage(page);
        }
    }

    /// <summary>Drops the shadow entries of <paramref name="index"/> whose guest first-level descriptor is no longer what they shadow.</summary>
    private void ResynchronizeL1(ShadowAddressSpace space, int index, uint descriptorAddress, in ShortDescriptorRegisters guest)
    {
        if (!guest.MmuEnabled || !_guestReader.TryRead32(descriptorAddress, out uint descriptor))
        {
            return;
        }

        foreach (bool user in (ReadOnlySpan<bool>)[false, true])
        {
            ShadowL1Record record = space.Records(user)[index];
            if (record.Kind != ShadowEntryKind.None && record.GuestDescriptor != descriptor)
            {
                Statistics.ShadowInvalidationsCount++;
                Drop(space, user, index);
                InvalidateRegion(space, index);
            }
        }
    }

    /// <summary>Rederives shadow L2 entry <paramref name="i"/> of a page-table record; true if it changed.</summary>
    private bool RederiveSlot(ShadowAddressSpace space, bool user, int index, in ShadowL1Record record, uint i, in ShortDescriptorRegisters guest)
    {
        uint slot = record.ShadowL2 + (i * 4);
        uint fresh = ShadowPage(record, i, user, guest);
        if (_pool.Read(slot) == fresh)
        {
            return false;
        }

        Statistics.ShadowInvalidationsCount++;
        _pool.Write(slot, fresh);
        InvalidatePage(space, ((uint)index << 20) | (i << 12));
        return true;
    }

    /// <summary>
    /// The guest first-level tables of an address space as (table, first index, count) (DDI0487 G5.4 "Selecting
    /// between TTBR0 and TTBR1"): TTBR0 translates the VAs below 2^(32-N), TTBR1 (N &gt; 0) the rest.
    /// </summary>
    private static IEnumerable<(uint Table, int First, int Count)> L1Spans((uint Ttbr0, uint Ttbr1, uint Ttbcr) key)
    {
        int n = (int)(key.Ttbcr & 7);
        yield return (key.Ttbr0, 0, 4096 >> n);
        if (n != 0)
        {
            yield return (key.Ttbr1, 4096 >> n, 4096 - (4096 >> n));
        }
    }

    /// <summary>The engine forgets the cached translation of <paramref name="va"/>'s page, if it can hold one (the current space).</summary>
    private void InvalidatePage(ShadowAddressSpace space, uint va)
    {
        if (space == _current)
        {
            _engine.InvalidateTranslations(va, 4096);
        }
    }

    /// <summary>The engine forgets the cached translations of the 1 MiB at <paramref name="index"/> (the current space).</summary>
    private void InvalidateRegion(ShadowAddressSpace space, int index)
    {
        if (space == _current)
        {
            _engine.InvalidateTranslations((ulong)(uint)index << 20, 1UL << 20);
        }
    }
}
