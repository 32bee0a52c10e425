using Armvisor.Engine.AArch32.Memory;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The guest's trapped writes (HCR_EL2.TVM: DACR, TTBR0/1, TTBCR, SCTLR, CONTEXTIDR; HCR_EL2.TTLB: TLB maintenance) and
/// the DACR-change strategies (patents.md §6(a) steps 2-5 and the family's alternatives).
/// </summary>
internal sealed partial class ShadowPager
{
    /// <summary>
    /// A trapped MCR the engine has completed (the guest's register holds <paramref name="value"/>): CP15 c3 DACR, c2
    /// TTBR0/TTBR1/TTBCR, c1 SCTLR, c13 CONTEXTIDR, c8 TLB maintenance (DDI0487 G8.2; G5.9.x TLB maintenance).
    /// </summary>
    public void OnGuestWrite(int opc1, int crn, int crm, int opc2, uint value, uint oldDacr)
    {
        switch (crn)
        {
            case 3 when opc1 == 0 && crm == 0 && opc2 == 0:
                OnDacrWrite(oldDacr, value);
                InvalidateAffected();
                return;
            case 2 when opc1 == 0 && crm == 0:
            case 13 when opc1 == 0 && crm == 0 && opc2 == 1:
                SelectAddressSpace();
                break;
            case 1 when opc1 == 0 && crm == 0 && opc2 == 0:
                // SCTLR: M, AFE or TRE may have changed what every shadow says.
                DropAll(countAsDacrDrop: false);
                _processorDacr = ComputeProcessorDacr();
                SelectAddressSpace();
                break;
            case 8 when opc1 == 0:
                // TLBIALL/TLBIASID (opc2 0, 2) drop every shadow; TLBIMVA/TLBIMVAA (opc2 1, 3, 5, 7) the 1 MiB of the VA.
                if (opc2 is 0 or 2)
                {
                    DropAll(countAsDacrDrop: false);
                }
                else
                {
                    InvalidateVa(value);
                }

                break;
            default:
                return;
        }

        _engine.InvalidateTranslations();
    }

    /// <summary>
    /// After a DACR write: the engine forgets the translations of the 1 MiB regions whose shadow entries (or processor
    /// DACR field) changed, or all of them when many did; nothing when no domain changed type.
    /// </summary>
    private void InvalidateAffected()
    {
        if (_invalidateAll || _affected.Count > MaxRegionInvalidations)
        {
            _engine.InvalidateTranslations();
        }
        else
        {
            foreach (int index in _affected)
            {
                _engine.InvalidateTranslations((ulong)(uint)index << 20, 1UL << 20);
            }
        }

        _affected.Clear();
        _invalidateAll = false;
    }

    /// <summary>Selects (or creates) the shadows of the guest address space its TTBR0/TTBR1/TTBCR now name.</summary>
    private void SelectAddressSpace()
    {
        (uint, uint, uint) key = SpaceKey();
        if (_current.Key == key)
        {
            return;
        }

        Statistics.AddressSpaceSwitchesCount++;
        _current = _spaces.Find(s => s.Key == key) ?? CreateSpace(key);
    }

    private (uint Ttbr0, uint Ttbr1, uint Ttbcr) SpaceKey()
    {
        ShortDescriptorRegisters guest = GuestView;
        return (guest.Ttbr0 & 0xFFFF_C000, guest.Ttbr1 & 0xFFFF_C000, guest.Ttbcr);
    }

    /// <summary>
    /// A guest DACR write (§6(a) steps 2-5): the virtual DACR is updated, the processor DACR mapped from it, and every
    /// shadow entry of a domain whose type changed is handled by the strategy, then the TLB is invalidated (the caller).
    /// </summary>
    private void OnDacrWrite(uint oldDacr, uint newDacr)
    {
        Statistics.DacrWritesCount++;
        _guestDacr = newDacr;
        _processorDacr = ComputeProcessorDacr();
        uint changed = 0;
        for (int d = 0; d < 16; d++)
        {
            if (DomainType(oldDacr, d) != DomainType(newDacr, d))
            {
                changed |= 1u << d;
            }
        }

        if (changed == 0)
        {
            return;
        }

        ShortDescriptorRegisters guest = GuestView;
        switch (_mode)
        {
            case DacrVirtualizationMode.Flush:
                DropAll(countAsDacrDrop: true);
                _invalidateAll = true;
                return;
            case DacrVirtualizationMode.DomainTrack:
                // φ: only the shadow entries backed by a changed domain are visited (US8489800).
                for (int d = 0; d < 16; d++)
                {
                    if ((changed & (1u << d)) != 0)
                    {
                        foreach ((ShadowAddressSpace space, bool user, int index) in _byDomain[d].ToArray())
                        {
                            Statistics.L1EntriesVisitedCount++;
                            Update(space, user, index, guest, swizzle: true);
                        }
                    }
                }

                return;
            default:
                // L1 iterate over every shadow first-level table (US9251102 / US8621136).
                foreach (ShadowAddressSpace space in _spaces)
                {
                    foreach (bool user in (ReadOnlySpan<bool>)[false, true])
                    {
                        ShadowL1Record[] records = space.Records(user);
                        Statistics.L1EntriesVisitedCount += records.Length;
                        for (int index = 0; index < records.Length; index++)
                        {
                            if (records[index].Kind != ShadowEntryKind.None && (changed & (1u << records[index].Domain)) != 0)
                            {
                                Update(space, user, index, guest, swizzle: _mode == DacrVirtualizationMode.Swizzle);
                            }
                        }
                    }
                }

                return;
        }
    }

    /// <summary>One affected entry: a section is rewritten in place; a page table is dropped (lazy repopulate) or swizzled.</summary>
    private void Update(ShadowAddressSpace space, bool user, int index, in ShortDescriptorRegisters guest, bool swizzle)
    {
        if (space == _current)
        {
            _affected.Add(index);
        }

        ref ShadowL1Record record = ref space.Records(user)[index];
        if (record.Kind == ShadowEntryKind.Section)
        {
            Statistics.L1EntriesRewrittenCount++;
            uint section = ShadowSection(record, index, user, guest);
            WriteShadowL1(space, user, index, section);
            if (section == 0)
            {
                Drop(space, user, index);
            }

            return;
        }

        if (swizzle)
        {
            // US8621136: the shadow L2's APs rewritten in place for the new DACR.
            Statistics.L2SwizzledCount++;
            FillL2(record, user, guest);
            return;
        }

        Statistics.L2DroppedCount++;
        Drop(space, user, index);
    }

    /// <summary>Drops every shadow entry of every address space (flush strategy, SCTLR changes, TLBIALL, exhaustion).</summary>
    private void DropAll(bool countAsDacrDrop)
    {
        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach (bool user in (ReadOnlySpan<bool>)[false, true])
            {
                ShadowL1Record[] records = space.Records(user);
                for (int index = 0; index < records.Length; index++)
                {
                    if (records[index].Kind == ShadowEntryKind.None)
                    {
                        continue;
                    }

                    if (countAsDacrDrop)
                    {
                        if (records[index].Kind == ShadowEntryKind.PageTable)
                        {
                            Statistics.L2DroppedCount++;
                        }
                    }
                    else
                    {
                        Statistics.ShadowInvalidationsCount++;
                    }

                    Drop(space, user, index);
                }
            }
        }
    }

    /// <summary>TLBIMVA: the shadow entries of that VA's 1 MiB, in every address space (conservative: all ASIDs).</summary>
    private void InvalidateVa(uint va)
    {
        int index = (int)(va >> 20);
        if ((va & 0xFFF0_0000) == _window)
        {
            return;
        }

        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach (bool user in (ReadOnlySpan<bool>)[false, true])
            {
                if (space.Records(user)[index].Kind != ShadowEntryKind.None)
                {
                    Statistics.ShadowInvalidationsCount++;
                    Drop(space, user, index);
                }
            }
        }
    }

    /// <summary>
    /// A guest page becomes a tracked translation table: every shadow mapping of it must lose write permission, so the
    /// shadow entries that map it writable are dropped (rebuilt write-protected on the next access).
    /// </summary>
    private void TrackTablePage(uint page)
    {
        if (!_tablePages.Add(page))
        {
            return;
        }

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
                        WriteProtect(record.ShadowL2, page);
                    }
                    else if (record.Kind == ShadowEntryKind.Section && SectionBase(record.GuestDescriptor, index) == (page & 0xFFF0_0000))
                    {
                        // Rebuilt split into pages on the next access, the table's page read-only.
                        Statistics.ShadowInvalidationsCount++;
                        Drop(space, user, index);
                    }
                }
            }
        }

        _engine.InvalidateTranslations();
    }

    /// <summary>Shadow small pages of <paramref name="page"/> that are PL0 RW (AP = 011) become RO (010) in place.</summary>
    private void WriteProtect(uint shadowL2, uint page)
    {
        for (uint i = 0; i < 256; i++)
        {
            uint slot = shadowL2 + (i * 4);
            uint entry = _pool.Read(slot);
            if ((entry & 2) != 0 && (entry & 0xFFFF_F000) == page && (entry & 0x230) == 0x030)
            {
                _pool.Write(slot, (entry & ~0x230u) | 0x020);
            }
        }
    }

    /// <summary>
    /// The guest wrote its table page <paramref name="page"/>: drops the shadow entries derived from descriptors in it
    /// (first-level entries of address spaces whose guest L1 is there, and the shadow L2s built from a guest L2 there).
    /// </summary>
    private void InvalidateDerivedFrom(uint page)
    {
        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach (uint table in (ReadOnlySpan<uint>)[space.Key.Ttbr0, space.Key.Ttbr1])
            {
                if (page >= table && page < table + 0x4000)
                {
                    int first = (int)((page - table) / 4);
                    for (int index = first; index < first + 1024; index++)
                    {
                        DropDerived(space, index);
                    }
                }
            }

            for (int index = 0; index < 4096; index++)
            {
                foreach (bool user in (ReadOnlySpan<bool>)[false, true])
                {
                    ShadowL1Record record = space.Records(user)[index];
                    if (record.Kind == ShadowEntryKind.PageTable && !record.Split && (record.GuestDescriptor & 0xFFFF_F000) == page)
                    {
                        Statistics.ShadowInvalidationsCount++;
                        Drop(space, user, index);
                    }
                }
            }
        }
    }

    private void DropDerived(ShadowAddressSpace space, int index)
    {
        foreach (bool user in (ReadOnlySpan<bool>)[false, true])
        {
            if (space.Records(user)[index].Kind != ShadowEntryKind.None)
            {
                Statistics.ShadowInvalidationsCount++;
                Drop(space, user, index);
            }
        }
    }
}
