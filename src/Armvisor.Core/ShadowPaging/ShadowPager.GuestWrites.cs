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
                // TLBIALL/TLBIASID (opc2 0, 2) drop every shadow; TLBIMVA/TLBIMVAA (opc2 1, 3, 5, 7) refresh the VA's
                // shadow entries (the engine already forgot its own translation of that VA).
                if (opc2 is not (0 or 2))
                {
                    RefreshVa(value);
                    return;
                }

                DropAll(countAsDacrDrop: false);
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
        // The table bases only (DDI0487 G5.4: TTBR0 aligned to 16 KiB >> TTBCR.N, TTBR1 to 16 KiB; the low bits are attributes).
        ShortDescriptorRegisters guest = GuestView;
        int n = (int)(guest.Ttbcr & 7);
        return (guest.Ttbr0 & ~((1u << (14 - n)) - 1), guest.Ttbr1 & 0xFFFF_C000, guest.Ttbcr);
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
                        // Every entry is covered (the count), the empty ones 64 at a time through the populated bits.
                        ShadowL1Record[] records = space.Records(user);
                        Statistics.L1EntriesVisitedCount += records.Length;
                        bool swizzle = _mode == DacrVirtualizationMode.Swizzle;
                        ForEachPopulated(space, user, index =>
                        {
                            if ((changed & (1u << records[index].Domain)) != 0)
                            {
                                Update(space, user, index, guest, swizzle);
                            }
                        });
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

    /// <summary>Calls <paramref name="visit"/> for each populated entry of a first-level table, in index order (it may drop it).</summary>
    private static void ForEachPopulated(ShadowAddressSpace space, bool user, Action<int> visit)
    {
        ulong[] populated = space.Populated(user);
        for (int word = 0; word < populated.Length; word++)
        {
            for (ulong bits = populated[word]; bits != 0; bits &= bits - 1)
            {
                visit((word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits));
            }
        }
    }

    /// <summary>Drops every shadow entry of every address space (flush strategy, SCTLR changes, TLBIALL, exhaustion).</summary>
    private void DropAll(bool countAsDacrDrop)
    {
        foreach (ShadowAddressSpace space in _spaces)
        {
            foreach (bool user in (ReadOnlySpan<bool>)[false, true])
            {
                ShadowL1Record[] records = space.Records(user);
                ForEachPopulated(space, user, index =>
                {
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
                });
            }
        }
    }

    /// <summary>
    /// TLBIMVA (DDI0487 G5.9.x: invalidates the entries of that VA, for a large page or section the whole entry): in
    /// every address space (conservatively all ASIDs) a shadow entry whose guest first-level descriptor changed is
    /// dropped; a shadow L2's entries of the VA's 64 KiB (a large page's 16) are rederived from the guest's.
    /// </summary>
    private void RefreshVa(uint va)
    {
        int index = (int)(va >> 20);
        if ((va & 0xFFF0_0000) == _window)
        {
            return;
        }

        ShortDescriptorRegisters guest = GuestView;
        foreach (ShadowAddressSpace space in _spaces)
        {
            uint? descriptor = guest.MmuEnabled ? GuestL1(va, space.Key, out _) : null;
            foreach (bool user in (ReadOnlySpan<bool>)[false, true])
            {
                ref ShadowL1Record record = ref space.Records(user)[index];
                if (record.Kind == ShadowEntryKind.None)
                {
                    continue;
                }

                if (guest.MmuEnabled && descriptor != record.GuestDescriptor)
                {
                    Statistics.ShadowInvalidationsCount++;
                    Drop(space, user, index);
                    InvalidateRegion(space, index);
                }
                else if (record.Kind == ShadowEntryKind.PageTable)
                {
                    uint first = (va >> 12) & 0xF0;
                    for (uint i = first; i < first + 16; i++)
                    {
                        RederiveSlot(space, user, index, record, i, guest);
                    }
                }
            }
        }
    }
}
