using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Guest memory accesses: the software-TLB fast path (one compare, then <c>host = va + addend</c>) and the slow path
/// that translates (stage 1, then the partition's stage-2 map), fills the entry, tracks code pages and raises aborts.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>PA size the engine implements (ID_AA64MMFR0_EL1.PARange = 0b0010, 40 bits).</summary>
    internal const int PhysicalAddressBits = 40;

    private TlbEntry* _dataTlb;
    private TlbRegime _dataRegime;

    /// <summary>Re-selects the TLB table for the current PSTATE.EL and PSTATE.PAN. Call after any PSTATE change.</summary>
    internal void UpdateRegime()
    {
        _dataRegime = State.CurrentEl == 0 ? TlbRegime.El0 : State.Pan ? TlbRegime.El1Pan : TlbRegime.El1;
        _dataTlb = Tlb.Table(_dataRegime);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryRead<T>(ulong va, DecodedInstruction* d, out T value) where T : unmanaged
    {
        TlbEntry* e = _dataTlb + SoftTlb.IndexOf(va);
        // Comparing with the low address bits kept sends unaligned accesses to the slow path (QEMU's trick): an aligned
        // access never crosses a page, and alignment faults on Device memory are checked there.
        if (e->ReadTag == (va & (InterpreterConstants.PageMask | (ulong)(sizeof(T) - 1))))
        {
            // SAFETY: a matching read tag means [page, page+4K) maps to host memory at page+Addend; the access is aligned so it stays in the page.
            value = Unsafe.ReadUnaligned<T>((void*)(e->Addend + (nint)va));
            return true;
        }

        return ReadSlow(va, d, _dataRegime, out value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryWrite<T>(ulong va, DecodedInstruction* d, T value) where T : unmanaged
    {
        TlbEntry* e = _dataTlb + SoftTlb.IndexOf(va);
        if (e->WriteTag == (va & (InterpreterConstants.PageMask | (ulong)(sizeof(T) - 1))))
        {
            // SAFETY: as in TryRead, for a matching write tag.
            Unsafe.WriteUnaligned((void*)(e->Addend + (nint)va), value);
            return true;
        }

        return WriteSlow(va, d, _dataRegime, value);
    }

    /// <summary>Reads <paramref name="bytes"/> (1, 2, 4 or 8) bytes, zero-extended: for handlers whose size is data.</summary>
    internal bool TryReadSized(ulong va, DecodedInstruction* d, int bytes, out ulong value)
    {
        bool ok;
        switch (bytes)
        {
            case 1:
                ok = TryRead(va, d, out byte b);
                value = b;
                break;
            case 2:
                ok = TryRead(va, d, out ushort h);
                value = h;
                break;
            case 4:
                ok = TryRead(va, d, out uint w);
                value = w;
                break;
            default:
                ok = TryRead(va, d, out value);
                break;
        }

        return ok;
    }

    /// <summary>Writes the low <paramref name="bytes"/> (1, 2, 4 or 8) bytes of <paramref name="value"/>.</summary>
    internal bool TryWriteSized(ulong va, DecodedInstruction* d, int bytes, ulong value) => bytes switch
    {
        1 => TryWrite(va, d, (byte)value),
        2 => TryWrite(va, d, (ushort)value),
        4 => TryWrite(va, d, (uint)value),
        _ => TryWrite(va, d, value),
    };

    /// <summary>LDTR/STTR: EL1 accesses checked with EL0 permissions (DDI0487 C3.2.5), EL0 ones as usual.</summary>
    internal bool TryReadUnprivileged<T>(ulong va, DecodedInstruction* d, out T value) where T : unmanaged =>
        State.CurrentEl == 0 ? TryRead(va, d, out value) : ReadSlow(va, d, TlbRegime.El0, out value);

    internal bool TryWriteUnprivileged<T>(ulong va, DecodedInstruction* d, T value) where T : unmanaged =>
        State.CurrentEl == 0 ? TryWrite(va, d, value) : WriteSlow(va, d, TlbRegime.El0, value);

    /// <summary>
    /// Host pointer for an aligned access of <paramref name="size"/> bytes that must be performed atomically
    /// (exclusives, acquire/release); checks write permission too when <paramref name="write"/>.
    /// </summary>
    internal bool TryGetHostPointer(ulong va, int size, bool write, DecodedInstruction* d, out byte* host)
    {
        host = null;
        AccessKind kind = write ? AccessKind.Write : AccessKind.Read;
        TlbEntry* e = LookupOrFill(va, kind, _dataRegime, d);
        if (e == null)
        {
            return false;
        }

        if (_watchComparators != null && !CheckWatchpoints(va, size, write, _dataRegime, d))
        {
            return false;
        }

        if (write && (e->WriteTag & ~TlbEntry.Watched) != (va & InterpreterConstants.PageMask) && !CleanWriteEntry(e, va, _dataRegime))
        {
            return false;
        }

        host = (byte*)(e->Addend + (nint)va);
        return true;
    }

    /// <summary>The IPA an access to <paramref name="va"/> reaches (for the exclusive monitor and DC ZVA), or false after a fault.</summary>
    internal bool TryTranslate(ulong va, AccessKind kind, DecodedInstruction* d, out ulong physical)
    {
        physical = 0;
        TlbEntry* e = LookupOrFill(va, kind, _dataRegime, d);
        if (e == null)
        {
            return false;
        }

        physical = Tlb.Physical(_dataRegime, va).PhysicalPage | (va & InterpreterConstants.PageOffsetMask);
        return true;
    }

    /// <summary>SCTLR_EL1.A, bit 1.</summary>
    private const ulong SctlrAlignmentCheck = 1UL << 1;

    private bool ReadSlow<T>(ulong va, DecodedInstruction* d, TlbRegime regime, out T value) where T : unmanaged
    {
        value = default;
        TlbEntry* e = LookupOrFill(va, AccessKind.Read, regime, d);
        if (e == null || !CheckAlignment(va, sizeof(T), regime, d, write: false)
            || (_watchComparators != null && !CheckWatchpoints(va, sizeof(T), write: false, regime, d)))
        {
            return false;
        }

        if ((va & InterpreterConstants.PageOffsetMask) > InterpreterConstants.PageSize - (ulong)sizeof(T))
        {
            // An access crossing a page: byte by byte, each byte translated (DDI0487 B2.5.2, unaligned accesses).
            T result = default;
            byte* bytes = (byte*)&result;
            for (int i = 0; i < sizeof(T); i++)
            {
                if (!ReadSlow(va + (ulong)i, d, regime, out bytes[i]))
                {
                    return false;
                }
            }

            value = result;
            return true;
        }

        // SAFETY: LookupOrFill returned a filled entry whose read tag maps va's page to host memory; no page crossing.
        value = Unsafe.ReadUnaligned<T>((void*)(e->Addend + (nint)va));
        return true;
    }

    private bool WriteSlow<T>(ulong va, DecodedInstruction* d, TlbRegime regime, T value) where T : unmanaged
    {
        TlbEntry* e = LookupOrFill(va, AccessKind.Write, regime, d);
        if (e == null || !CheckAlignment(va, sizeof(T), regime, d, write: true)
            || (_watchComparators != null && !CheckWatchpoints(va, sizeof(T), write: true, regime, d)))
        {
            return false;
        }

        if ((va & InterpreterConstants.PageOffsetMask) > InterpreterConstants.PageSize - (ulong)sizeof(T))
        {
            // Check the second page before writing anything, then write byte by byte.
            if (LookupOrFill(va + (ulong)sizeof(T) - 1, AccessKind.Write, regime, d) == null)
            {
                return false;
            }

            byte* bytes = (byte*)&value;
            for (int i = 0; i < sizeof(T); i++)
            {
                if (!WriteSlow(va + (ulong)i, d, regime, bytes[i]))
                {
                    return false;
                }
            }

            return true;
        }

        if ((e->WriteTag & ~TlbEntry.Watched) != (va & InterpreterConstants.PageMask) && !CleanWriteEntry(e, va, regime))
        {
            return false;
        }

        // SAFETY: the entry maps va's page for writing; no page crossing.
        Unsafe.WriteUnaligned((void*)(e->Addend + (nint)va), value);
        return true;
    }

    /// <summary>
    /// Unaligned accesses take an Alignment fault when SCTLR_EL1.A is set (alignment checking, DDI0487 D24.2.161 bit 1)
    /// or when they target Device memory (DDI0487 B2.5.2).
    /// </summary>
    private bool CheckAlignment(ulong va, int size, TlbRegime regime, DecodedInstruction* d, bool write)
    {
        if (size > 1 && (va & (ulong)(size - 1)) != 0 && ((Sctlr & SctlrAlignmentCheck) != 0 || Tlb.Physical(regime, va).Device))
        {
            RaiseAlignmentFault(va, d, write);
            return false;
        }

        return true;
    }

    /// <summary>
    /// A write through an entry flagged <see cref="TlbEntry.NotDirty"/>: invalidates the page's decoded blocks, then
    /// re-arms the fast path (the page stops being a code page until decoded again).
    /// </summary>
    private bool CleanWriteEntry(TlbEntry* e, ulong va, TlbRegime regime)
    {
        ulong page = va & InterpreterConstants.PageMask;
        ulong watched = e->WriteTag & TlbEntry.Watched;
        if ((e->WriteTag & ~TlbEntry.Watched) != (page | TlbEntry.NotDirty))
        {
            return false;
        }

        ref TlbPhysical physical = ref Tlb.Physical(regime, va);
        RamMapping mapping = physical.Mapping!;
        int index = mapping.PageIndex(physical.PhysicalPage);
        if (Volatile.Read(ref mapping.CodePage[index]) != 0)
        {
            OnCodePageWritten(mapping, physical.PhysicalPage);
        }

        e->WriteTag = page | watched;
        return true;
    }

    /// <summary>The entry for <paramref name="va"/> with <paramref name="kind"/> permitted, filling it if needed; null after a fault.</summary>
    private TlbEntry* LookupOrFill(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d)
    {
        TlbEntry* e = Tlb.Table(regime) + SoftTlb.IndexOf(va);
        ulong page = va & InterpreterConstants.PageMask;
        ulong tag = kind switch
        {
            AccessKind.Read => e->ReadTag & ~TlbEntry.Watched,
            AccessKind.Write => e->WriteTag & ~(TlbEntry.NotDirty | TlbEntry.Watched),
            _ => e->ExecTag,
        };
        if (tag == page)
        {
            return e;
        }

        return Fill(va, kind, regime, d) ? e : null;
    }

    /// <summary>Translates <paramref name="pc"/> for instruction fetch; false after raising the abort.</summary>
    private bool TranslateFetch(ulong pc, out ulong physical, out RamMapping? mapping)
    {
        physical = 0;
        mapping = null;
        TlbEntry* e = LookupOrFill(pc, AccessKind.Execute, _dataRegime, null);
        if (e == null)
        {
            return false;
        }

        ref TlbPhysical p = ref Tlb.Physical(_dataRegime, pc);
        physical = p.PhysicalPage | (pc & InterpreterConstants.PageOffsetMask);
        mapping = p.Mapping;
        return true;
    }

    /// <summary>
    /// The slow path: stage 1 (the walker, or the flat map with the MMU off), then stage 2 (the partition's RAM map);
    /// fills the entry with every access kind both stages allow, or raises the abort for <paramref name="kind"/>.
    /// </summary>
    private bool Fill(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d)
    {
        if (!WalkStage1(va, kind, regime, d, out Stage1Result s1))
        {
            return false;
        }

        // Stage 2: this vCPU's private page overrides the partition's map for its one IPA page (InterpreterVcpu.PrivatePage).
        RamMapping? mapping = _privatePage is { } own && (s1.PhysicalAddress & InterpreterConstants.PageMask) == own.Start
            ? own
            : _partition.FindMapping(s1.PhysicalAddress);
        if (mapping == null)
        {
            RaiseStage2Abort(va, s1.PhysicalAddress, kind, d, FaultStatusCode.TranslationLevel3);
            return false;
        }

        Stage2Permissions needed = kind switch
        {
            AccessKind.Read => Stage2Permissions.Read,
            AccessKind.Write => Stage2Permissions.Write,
            _ => Stage2Permissions.Execute,
        };
        if ((mapping.Permissions & needed) == 0)
        {
            RaiseStage2Abort(va, s1.PhysicalAddress, kind, d, FaultStatusCode.PermissionLevel3);
            return false;
        }

        ulong page = va & InterpreterConstants.PageMask;
        ulong physicalPage = s1.PhysicalAddress & InterpreterConstants.PageMask;
        TlbEntry* e = Tlb.Table(regime) + SoftTlb.IndexOf(va);
        bool code = Volatile.Read(ref mapping.CodePage[mapping.PageIndex(physicalPage)]) != 0;
        e->ReadTag = s1.Readable && (mapping.Permissions & Stage2Permissions.Read) != 0 ? page : TlbEntry.Invalid;
        e->WriteTag = s1.Writable && (mapping.Permissions & Stage2Permissions.Write) != 0
            ? page | (code ? TlbEntry.NotDirty : 0)
            : TlbEntry.Invalid;
        e->ExecTag = s1.Executable && (mapping.Permissions & Stage2Permissions.Execute) != 0 ? page : TlbEntry.Invalid;
        e->Addend = (nint)(mapping.HostBase + (physicalPage - mapping.Start)) - (nint)page;
        if (_watchComparators != null && IsWatchedPage(page))
        {
            // Keep the page off the fast path: its accesses are compared with the watchpoints (InterpreterVcpu.Watchpoints).
            e->ReadTag |= e->ReadTag != TlbEntry.Invalid ? TlbEntry.Watched : 0;
            e->WriteTag |= e->WriteTag != TlbEntry.Invalid ? TlbEntry.Watched : 0;
        }
        ref TlbPhysical p = ref Tlb.Physical(regime, va);
        p.PhysicalPage = physicalPage;
        p.Mapping = mapping;
        p.Device = s1.Device;
        if (s1.Transient)
        {
            _transientEntry = e;
        }

        return true;
    }

    /// <summary>Result of a successful stage-1 translation for one page.</summary>
    /// <param name="Transient">For one access only (a shadow fault the hypervisor permits once): dropped after the instruction.</param>
    private readonly record struct Stage1Result(ulong PhysicalAddress, bool Readable, bool Writable, bool Executable, bool Device,
        bool Transient = false);
}
