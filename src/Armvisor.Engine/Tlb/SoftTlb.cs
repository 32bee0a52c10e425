using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Tlb;

/// <summary>
/// A vCPU's direct-mapped software TLB, one table per <see cref="TlbRegime"/>, in native memory so the fast path is a
/// pointer index and a compare. Entries cache the combined stage 1 + stage 2 result (VA to host pointer).
/// </summary>
internal sealed unsafe class SoftTlb : IDisposable
{
    public const int EntryBits = 10;

    public const int Entries = 1 << EntryBits;

    public const int Regimes = 3;

    private TlbEntry* _entries;
    private readonly TlbPhysical[] _physical = new TlbPhysical[Entries * Regimes];

    public SoftTlb()
    {
        // SAFETY: a block of Entries * Regimes entries, freed once in Dispose; every slot is initialised by FlushAll.
        _entries = (TlbEntry*)NativeMemory.AlignedAlloc((nuint)(Entries * Regimes * sizeof(TlbEntry)), 64);
        FlushAll();
    }

    /// <summary>The first entry of <paramref name="regime"/>'s table.</summary>
    public TlbEntry* Table(TlbRegime regime) => _entries + ((int)regime << EntryBits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int IndexOf(ulong virtualAddress) => (int)(virtualAddress >> InterpreterConstants.PageShift) & (Entries - 1);

    public ref TlbPhysical Physical(TlbRegime regime, ulong virtualAddress) =>
        ref _physical[((int)regime << EntryBits) + IndexOf(virtualAddress)];

    public void FlushAll()
    {
        // SAFETY: _entries spans Entries * Regimes entries (constructor).
        TlbEntry* e = _entries;
        for (int i = 0; i < Entries * Regimes; i++)
        {
            e[i].ReadTag = TlbEntry.Invalid;
            e[i].WriteTag = TlbEntry.Invalid;
            e[i].ExecTag = TlbEntry.Invalid;
            e[i].Addend = 0;
        }

        Array.Clear(_physical);
    }

    /// <summary>Drops the entries that translate the page of <paramref name="virtualAddress"/> (TLBI VAE1 and friends).</summary>
    public void FlushPage(ulong virtualAddress)
    {
        ulong page = virtualAddress & InterpreterConstants.PageMask;
        int index = IndexOf(virtualAddress);
        for (int r = 0; r < Regimes; r++)
        {
            // SAFETY: index < Entries and r < Regimes keep the slot inside the block.
            TlbEntry* e = _entries + (r << EntryBits) + index;
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
        for (int i = 0; i < Entries * Regimes; i++)
        {
            if (_physical[i].Mapping != null && _physical[i].PhysicalPage == physicalPage)
            {
                // SAFETY: i < Entries * Regimes.
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
        for (int i = 0; i < Entries * Regimes; i++)
        {
            if (_physical[i].Mapping == mapping)
            {
                // SAFETY: i < Entries * Regimes.
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
