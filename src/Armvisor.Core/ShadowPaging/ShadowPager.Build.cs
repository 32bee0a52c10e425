using Armvisor.Engine.AArch32.Memory;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// Building shadow entries from the guest's descriptors (DDI0487 G5.5 formats; patents.md §6(b) "Shadow AP encoding"):
/// the guest's effective permission for the shadow's mode, with the current guest DACR, becomes the PL0 column of the
/// shadow AP (RW 011, RO 010, none 001; PL1, the hypervisor, keeps RW), XN where the guest may not execute; the guest's
/// memory attributes (TEX, C, B, S) are copied; the shadow domain is the guest's.
/// </summary>
internal sealed partial class ShadowPager
{
    private ShadowAddressSpace CreateSpace((uint Ttbr0, uint Ttbr1, uint Ttbcr) key)
    {
        if (_pool.FreeL1Count < 2)
        {
            // Evict the least recently created address space (its shadows are rebuilt on demand if it returns).
            FreeSpace(_spaces[0]);
        }

        var space = new ShadowAddressSpace(key, _pool.AllocateL1(), _pool.AllocateL1());
        _spaces.Add(space);
        MapHypervisorWindow(space);
        return space;
    }

    private void FreeSpace(ShadowAddressSpace space)
    {
        for (int i = 0; i < 4096; i++)
        {
            Drop(space, user: false, i);
            Drop(space, user: true, i);
        }

        _pool.FreeL1(space.PrivilegedL1);
        _pool.FreeL1(space.UserL1);
        _spaces.Remove(space);
    }

    /// <summary>
    /// The hypervisor's own mapping in every shadow: its pool's first 1 MiB at the window, domain 15, AP = 001 (PL1 RW,
    /// PL0 no access), XN — the deprivileged guest can never read, write or execute it (§6(a) step 3, isolation).
    /// </summary>
    private void MapHypervisorWindow(ShadowAddressSpace space)
    {
        uint section = (_pool.Base & 0xFFF0_0000) | (1u << 10) | ((uint)HypervisorDomain << 5) | (1u << 4) | 0b10;
        int index = (int)(_window >> 20);
        _pool.Write(space.PrivilegedL1 + ((uint)index * 4), section);
        _pool.Write(space.UserL1 + ((uint)index * 4), section);
    }

    /// <summary>The guest's first-level descriptor for <paramref name="va"/> (TTBCR.N selects TTBR0 or TTBR1), or null.</summary>
    private uint? GuestL1(uint va, in ShortDescriptorRegisters guest, out uint address) =>
        GuestL1(va, (guest.Ttbr0, guest.Ttbr1, guest.Ttbcr), out address);

    /// <summary>The first-level descriptor for <paramref name="va"/> of the guest address space <paramref name="key"/> (DDI0487 G5.4), or null.</summary>
    private uint? GuestL1(uint va, (uint Ttbr0, uint Ttbr1, uint Ttbcr) key, out uint address)
    {
        int n = (int)(key.Ttbcr & 7);
        bool useTtbr1 = n != 0 && (va >> (32 - n)) != 0;
        address = useTtbr1
            ? (key.Ttbr1 & 0xFFFF_C000) | ((va >> 18) & 0x3FFC)
            : (key.Ttbr0 & ~((1u << (14 - n)) - 1)) | ((va >> 18) & (0x3FFCu >> n));
        return _guestReader.TryRead32(address, out uint descriptor) ? descriptor : null;
    }

    /// <summary>Builds the shadow entry for the 1 MiB at <paramref name="index"/>; false if the pool has no L2 left.</summary>
    private bool Build(ShadowAddressSpace space, bool user, int index, in ShortDescriptorRegisters guest)
    {
        uint va = (uint)index << 20;
        uint descriptor;
        if (!guest.MmuEnabled)
        {
            // The guest's MMU is off: a flat shadow section (AP RW, Strongly-ordered as data with stage 1 off, G5.2.1).
            descriptor = va | (3u << 10) | 0b10;
        }
        else if (GuestL1(va, guest, out uint l1Address) is { } d)
        {
            TrackTablePage(l1Address & 0xFFFF_F000);
            descriptor = d;
        }
        else
        {
            return true;
        }

        ref ShadowL1Record record = ref space.Records(user)[index];
        record = new ShadowL1Record { GuestDescriptor = descriptor };
        switch (descriptor & 3)
        {
            case 1:
                record.Kind = ShadowEntryKind.PageTable;
                record.Domain = (byte)((descriptor >> 5) & 0xF);
                break;
            case 2 or 3:
                record.Kind = ShadowEntryKind.Section;
                record.Domain = (byte)((descriptor & (1u << 18)) != 0 ? 0 : (descriptor >> 5) & 0xF);
                break;
            default:
                return true;
        }

        if (record.Kind == ShadowEntryKind.Section && SectionHoldsTable(SectionBase(descriptor, index)))
        {
            // A guest table lies in this section: shadow it page by page so that page can be write-protected.
            record.Kind = ShadowEntryKind.PageTable;
            record.Split = true;
        }

        _byDomain[record.Domain].Add((space, user, index));
        space.MarkPopulated(user, index, populated: true);
        if (record.Kind == ShadowEntryKind.Section)
        {
            WriteShadowL1(space, user, index, ShadowSection(record, index, user, guest));
            return true;
        }

        uint l2 = _pool.AllocateL2();
        if (l2 == 0)
        {
            _byDomain[record.Domain].Remove((space, user, index));
            space.MarkPopulated(user, index, populated: false);
            record = default;
            return false;
        }

        record.ShadowL2 = l2;
        if (!record.Split)
        {
            NoteDerived(space, user, index, descriptor & 0xFFFF_F000);
            TrackTablePage(descriptor & 0xFFFF_F000);
        }

        FillL2(record, user, guest);
        Statistics.L2RepopulatedCount++;
        WriteShadowL1(space, user, index, l2 | ((uint)ShadowDomain(record.Domain) << 5) | 0b01);
        return true;
    }

    private void FillL2(in ShadowL1Record record, bool user, in ShortDescriptorRegisters guest)
    {
        for (uint i = 0; i < 256; i++)
        {
            _pool.Write(record.ShadowL2 + (i * 4), ShadowPage(record, i, user, guest));
        }
    }

    private static uint ShadowDomain(int guestDomain) => (uint)guestDomain;

    private static uint SectionBase(uint descriptor, int index) =>
        (descriptor & (1u << 18)) != 0 ? (descriptor & 0xFF00_0000) | ((uint)(index & 0xF) << 20) : descriptor & 0xFFF0_0000;

    /// <summary>The shadow section for a guest section (or 1 MiB of a supersection) with the current guest DACR.</summary>
    private uint ShadowSection(in ShadowL1Record record, int index, bool user, in ShortDescriptorRegisters guest)
    {
        uint g = record.GuestDescriptor;
        uint type = guest.MmuEnabled ? DomainType(_guestDacr, record.Domain) : 3;
        if (type == 0 && record.Domain == HypervisorDomain)
        {
            return 0; // guest domain 15 denied: kept out of the shadow (the hypervisor's domain is always Client)
        }

        uint ap = ((g >> 10) & 3) | ((g >> 13) & 4);
        uint shadowAp = ShadowAp(type, ap, (g & 0x10) != 0, (g & 1) != 0, user, guest.AccessFlagEnabled, out bool xn);
        uint attributes = g & ((7u << 12) | (1u << 16) | 0xC); // TEX, S, C, B
        uint section = SectionBase(g, index);
        if (section >= _pool.Base && section < _pool.End)
        {
            return 0; // the guest's section covers the hypervisor pool: never shadowed (faults are refused)
        }

        return section | attributes | ((shadowAp & 4) << 13) | ((shadowAp & 3) << 10) | (ShadowDomain(record.Domain) << 5)
            | (xn ? 1u << 4 : 0) | 0b10;
    }

    /// <summary>The shadow small page for entry <paramref name="i"/> of a page-table record (a guest L2 or a split section).</summary>
    private uint ShadowPage(in ShadowL1Record record, uint i, bool user, in ShortDescriptorRegisters guest)
    {
        uint type = guest.MmuEnabled ? DomainType(_guestDacr, record.Domain) : 3;
        if (type == 0 && record.Domain == HypervisorDomain)
        {
            return 0;
        }

        uint output, ap, attributes;
        bool guestXn, guestPxn;
        if (record.Split)
        {
            uint g = record.GuestDescriptor;
            output = (g & 0xFFF0_0000) + (i << 12);
            ap = ((g >> 10) & 3) | ((g >> 13) & 4);
            attributes = (((g >> 12) & 7) << 6) | (((g >> 16) & 1) << 10) | (g & 0xC);
            guestXn = (g & 0x10) != 0;
            guestPxn = (g & 1) != 0;
        }
        else
        {
            if (!_guestReader.TryRead32((record.GuestDescriptor & 0xFFFF_FC00) + (i * 4), out uint g) || (g & 3) == 0)
            {
                return 0;
            }

            bool large = (g & 3) == 1;
            output = large ? (g & 0xFFFF_0000) | ((i & 0xF) << 12) : g & 0xFFFF_F000;
            ap = ((g >> 4) & 3) | ((g >> 7) & 4);
            uint tex = large ? (g >> 12) & 7 : (g >> 6) & 7;
            attributes = (tex << 6) | (g & (1u << 10)) | (g & 0xC);
            guestXn = large ? (g & (1u << 15)) != 0 : (g & 1) != 0;
            guestPxn = (record.GuestDescriptor & 4) != 0;
        }

        if ((guest.AccessFlagEnabled && (ap & 1) == 0) || _pool.Contains(output))
        {
            return 0; // access flag fault, or the hypervisor's pool: the access faults into the hypervisor
        }

        uint shadowAp = ShadowAp(type, ap, guestXn, guestPxn, user, guest.AccessFlagEnabled, out bool xn);
        if (_tablePages.Contains(output) && (shadowAp & 3) == 3)
        {
            shadowAp = 0b010; // a guest translation table: write-protected, its writes are emulated
        }

        return output | attributes | ((shadowAp & 4) << 7) | ((shadowAp & 3) << 4) | 0b10 | (xn ? 1u : 0);
    }

    /// <summary>
    /// The shadow AP[2:0] for the guest's effective permission in the shadow's mode: Manager RW, Client the guest AP
    /// decoded for that mode (G5.7.x), No access none; PL1 always RW. <paramref name="xn"/>: the guest may not execute.
    /// </summary>
    private static uint ShadowAp(uint type, uint guestAp, bool guestXn, bool guestPxn, bool user, bool afe, out bool xn)
    {
        bool read, write, execute;
        if (type == 3)
        {
            (read, write, execute) = (true, true, true);
        }
        else if (type == 1)
        {
            var permissions = new ShortDescriptorResult(ShortDescriptorFault.None, 1, 0, 0, guestAp, guestXn, guestPxn, false, false, 0);
            (read, write, execute) = ShortDescriptorPermissions.Evaluate(permissions, afe, user);
        }
        else
        {
            (read, write, execute) = (false, false, false);
        }

        xn = !execute;
        return write ? 0b011u : read ? 0b010u : 0b001u;
    }

    private void WriteShadowL1(ShadowAddressSpace space, bool user, int index, uint descriptor) =>
        _pool.Write(space.L1(user) + ((uint)index * 4), descriptor);

    /// <summary>Drops one shadow entry (and frees its L2); the next access faults it in again.</summary>
    private void Drop(ShadowAddressSpace space, bool user, int index)
    {
        ref ShadowL1Record record = ref space.Records(user)[index];
        if (record.Kind == ShadowEntryKind.None)
        {
            return;
        }

        _byDomain[record.Domain].Remove((space, user, index));
        space.MarkPopulated(user, index, populated: false);
        if (record.Kind == ShadowEntryKind.PageTable)
        {
            _pool.FreeL2(record.ShadowL2);
            if (!record.Split)
            {
                ForgetDerived(space, user, index, record.GuestDescriptor & 0xFFFF_F000);
            }
        }

        record = default;
        WriteShadowL1(space, user, index, 0);
    }
}
