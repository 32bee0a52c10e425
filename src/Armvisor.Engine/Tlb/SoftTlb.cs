using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Tlb;

/// <summary>
/// A vCPU's direct-mapped software TLB, one table per <see cref="TlbRegime"/>, in native memory so the fast path is a
/// pointer index and a compare. Entries cache the combined stage 1 + stage 2 result (VA to host pointer).
/// <para>
/// AArch32 short descriptors check the domain's DACR field at every access, not when a TLB entry is made (DDI0487
/// G5.7.3 "Domains"; DDI0406C B3.7.3): an entry cached under one DACR value says nothing under another. Instead of
/// forgetting everything at each DACR write (an armhf Linux kernel with CONFIG_CPU_SW_DOMAIN_PAN writes DACR on every
/// exception entry and return and around every user access), the TLB keeps <see cref="DomainSets"/> sets of tables,
/// each holding only translations made under one DACR value; a DACR write selects the set of the new value (recycling
/// the least recently selected one when none has it). Every maintenance operation acts on all sets, so each set is
/// exactly the TLB a PE would hold had DACR always had the set's value.
/// </para>
/// </summary>
internal sealed unsafe class SoftTlb : IDisposable
{
    public const int EntryBits = 10;

    public const int Entries = 1 << EntryBits;

    public const int Regimes = 3;

    /// <summary>Sets of tables, one per recent DACR value (Linux alternates two: user domain closed and open).</summary>
    public const int DomainSets = 4;

    private const int SetEntries = Entries * Regimes;

    private TlbEntry* _entries;
    private readonly TlbPhysical[] _physical = new TlbPhysical[SetEntries * DomainSets];

    /// <summary>The DACR value each set's translations were made under; <see cref="NoDacr"/>: none (the set is empty).</summary>
    private readonly long[] _setDacr = [0, NoDacr, NoDacr, NoDacr];

    private const long NoDacr = -1;

    /// <summary>When each set was last selected (for recycling), and whether it may hold entries since the last flush.</summary>
    private readonly long[] _setSelected = new long[DomainSets];
    private readonly bool[] _setUsed = new bool[DomainSets];
    private long _selections;

    /// <summary>The set in use: its first entry and its index.</summary>
    private TlbEntry* _set;
    private int _setIndex;

    public SoftTlb()
    {
        // SAFETY: a block of SetEntries * DomainSets entries, freed once in Dispose; every slot is initialised below.
        _entries = (TlbEntry*)NativeMemory.AlignedAlloc((nuint)(SetEntries * DomainSets * sizeof(TlbEntry)), 64);
        _set = _entries;
        for (int s = 0; s < DomainSets; s++)
        {
            ClearSet(s);
        }

        _setUsed[0] = true;
    }

    /// <summary>Domain-set selections since creation that found their DACR value cached, and those that recycled a set.</summary>
    public long DomainSetHits { get; private set; }

    public long DomainSetMisses { get; private set; }

    /// <summary>The first entry of <paramref name="regime"/>'s table in the current domain set.</summary>
    public TlbEntry* Table(TlbRegime regime) => _set + ((int)regime << EntryBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ulong virtualAddress) => (int)(virtualAddress >> InterpreterConstants.PageShift) & (Entries - 1);

    public ref TlbPhysical Physical(TlbRegime regime, ulong virtualAddress) =>
        ref _physical[_setIndex * SetEntries + ((int)regime << EntryBits) + IndexOf(virtualAddress)];

    /// <summary>
    /// Makes the set of translations made under <paramref name="dacr"/> current; true when the set changed (the caller's
    /// table pointers are stale). A set recycled for a new value is emptied first.
    /// </summary>
    public bool SelectDomainSet(uint dacr)
    {
        if (_setDacr[_setIndex] == dacr)
        {
            return false;
        }

        int chosen = -1;
        for (int s = 0; s < DomainSets; s++)
        {
            if (_setDacr[s] == dacr)
            {
                chosen = s;
                break;
            }
        }

        if (chosen >= 0)
        {
            DomainSetHits++;
        }
        else
        {
            DomainSetMisses++;
            chosen = 0;
            for (int s = 1; s < DomainSets; s++)
            {
                if (_setSelected[s] < _setSelected[chosen])
                {
                    chosen = s;
                }
            }

            if (_setUsed[chosen])
            {
                ClearSet(chosen);
            }

            _setDacr[chosen] = dacr;
        }

        _setIndex = chosen;
        _set = _entries + chosen * SetEntries;
        _setUsed[chosen] = true;
        _setSelected[chosen] = ++_selections;
        return true;
    }

    /// <summary>Forgets every translation of every set; the current set is the one of <paramref name="dacr"/>, the DACR value now.</summary>
    public void FlushAll(uint dacr)
    {
        for (int s = 0; s < DomainSets; s++)
        {
            if (_setUsed[s])
            {
                ClearSet(s);
                _setUsed[s] = false;
            }

            _setDacr[s] = NoDacr;
        }

        _setUsed[_setIndex] = true;
        _setDacr[_setIndex] = dacr;
    }

    private void ClearSet(int set)
    {
        // SAFETY: set < DomainSets, so [set * SetEntries, +SetEntries) lies inside the block (constructor).
        TlbEntry* e = _entries + set * SetEntries;
        for (int i = 0; i < SetEntries; i++)
        {
            e[i].ReadTag = TlbEntry.Invalid;
            e[i].WriteTag = TlbEntry.Invalid;
            e[i].ExecTag = TlbEntry.Invalid;
            e[i].Addend = 0;
        }

        Array.Clear(_physical, set * SetEntries, SetEntries);
    }

    /// <summary>Drops the entries that translate the page of <paramref name="virtualAddress"/> (TLBI VAE1 and friends).</summary>
    public void FlushPage(ulong virtualAddress)
    {
        ulong page = virtualAddress & InterpreterConstants.PageMask;
        int index = IndexOf(virtualAddress);
        for (int t = 0; t < Regimes * DomainSets; t++)
        {
            // SAFETY: index < Entries and t < Regimes * DomainSets keep the slot inside the block.
            TlbEntry* e = _entries + (t << EntryBits) + index;
            if ((e->ReadTag & InterpreterConstants.PageMask) == page || (e->WriteTag & InterpreterConstants.PageMask) == page
                || (e->ExecTag & InterpreterConstants.PageMask) == page)
            {
                e->ReadTag = e->WriteTag = e->ExecTag = TlbEntry.Invalid;
            }
        }
    }

    /// <summary>Forces writes to the physical page onto the slow path (it became a code page).</summary>
    public void FlushWritesToPhysicalPage(ulong physicalPage)
    {
        for (int i = 0; i < SetEntries * DomainSets; i++)
        {
            if (_physical[i].Mapping != null && _physical[i].PhysicalPage == physicalPage)
            {
                // SAFETY: i < SetEntries * DomainSets.
                _entries[i].WriteTag = TlbEntry.Invalid;
            }
        }
    }

    /// <summary>
    /// Drops every entry whose stage-2 result is <paramref name="mapping"/> (a vCPU's private page) and adds the virtual
    /// page of each to <paramref name="virtualPages"/>, so the caller can drop the jump-cache slots too. Returns the count.
    /// </summary>
    public int FlushMapping(RamMapping mapping, List<ulong> virtualPages)
    {
        int dropped = 0;
        for (int i = 0; i < SetEntries * DomainSets; i++)
        {
            if (_physical[i].Mapping == mapping)
            {
                // SAFETY: i < SetEntries * DomainSets.
                TlbEntry* e = _entries + i;
                ulong tag = e->ReadTag != TlbEntry.Invalid ? e->ReadTag : e->WriteTag != TlbEntry.Invalid ? e->WriteTag : e->ExecTag;
                if (tag != TlbEntry.Invalid)
                {
                    virtualPages.Add(tag & InterpreterConstants.PageMask);
                    dropped++;
                }

                e->ReadTag = e->WriteTag = e->ExecTag = TlbEntry.Invalid;
                _physical[i] = default;
            }
        }

        return dropped;
    }

    public void Dispose()
    {
        if (_entries != null)
        {
            // SAFETY: allocated with AlignedAlloc in the constructor and nulled so it is freed once.
            NativeMemory.AlignedFree(_entries);
            _entries = null;
        }
    }
}
