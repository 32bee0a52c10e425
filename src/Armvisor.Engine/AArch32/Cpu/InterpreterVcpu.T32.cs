using System.Runtime.CompilerServices;
using Armvisor.Engine.AArch32.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// T32 state (PSTATE.T = 1): halfword fetch through the soft TLB (a 32-bit instruction whose second halfword lies on
/// the next page translates that page too, so its Prefetch Abort names the second halfword's address), a decode cache
/// of its own keyed by the encoding and the IT context, and the IT block (ITSTATE in <see cref="CpuState.ItState"/>,
/// DDI0487 F1.2.2 and the shared pseudocode's ITAdvance): an instruction in an IT block executes when the block's
/// current condition passes, and ITSTATE advances after it completes or is skipped — not when it takes an exception
/// (the exception saves the instruction's own ITSTATE) or leaves to an agent without completing.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>8192 decoded encodings per IT context: a busybox userland's hot T32 code missed often in 2048 (issue 15 profile).</summary>
    private const int T32CacheBits = 13;

    private DecodedInstruction[]? _t32Decoded;
    private uint[]? _t32Keys;

    /// <summary>Set by exception entry and return and by exits that do not complete the instruction: ITSTATE is theirs.</summary>
    private bool _itHeld;

    /// <summary>ITAdvance: the next instruction's ITSTATE (zero after the last instruction of the block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint NextItState(uint it) => (it & 7) == 0 ? 0 : (it & 0xE0) | ((it << 1) & 0x1F);

    /// <summary>Advances ITSTATE now (SVC, whose preferred return is the next instruction).</summary>
    internal void AdvanceItState() => State.ItState = NextItState(State.ItState);

    /// <summary>Fetches, decodes (cached) and executes the T32 instruction at <paramref name="pc"/>.</summary>
    private void StepT32(ulong pc)
    {
        if (!FetchT32(pc, out uint raw, out bool wide))
        {
            return;
        }

        uint it = State.ItState;
        T32Context context = it == 0 ? T32Context.OutsideItBlock : (it & 0xF) == 0x8 ? T32Context.LastInItBlock : T32Context.InItBlock;
        _t32Decoded ??= GC.AllocateArray<DecodedInstruction>(3 << T32CacheBits, pinned: true);
        _t32Keys ??= new uint[3 << T32CacheBits];
        int index = ((int)context << T32CacheBits) | (int)((raw ^ (raw >> 13)) & ((1u << T32CacheBits) - 1));
        DecodedInstruction current;
        DecodedInstruction* d = &current;
        fixed (DecodedInstruction* cache = _t32Decoded)
        {
            // SAFETY: index < 3 << T32CacheBits, the cache's length.
            DecodedInstruction* slot = cache + index;
            if (slot->Handler == null || _t32Keys[index] != raw)
            {
                T32Decoder.Decode(raw, wide, context, slot);
                _t32Keys[index] = raw;
            }

            current = *slot;
        }

        d->Pc = pc;
        uint length = d->Length;
        Retired++;
        if (it != 0 && !ConditionPassed(it >> 4))
        {
            State.ItState = NextItState(it);
            State.Pc = pc + length;
            return;
        }

        _itHeld = false;
        if (d->Handler(this, d))
        {
            State.Pc = pc + length;
            if (it != 0)
            {
                State.ItState = NextItState(it);
            }
        }
        else if (it != 0 && !_itHeld)
        {
            // A branch (the last instruction of the block) or an exit after the instruction completed.
            State.ItState = NextItState(it);
        }
    }

    /// <summary>Fetches the T32 instruction at <paramref name="pc"/> (halfword-aligned); false after raising the abort.</summary>
    private bool FetchT32(ulong pc, out uint raw, out bool wide)
    {
        raw = 0;
        wide = false;
        TlbEntry* e = _dataTlb + SoftTlb.IndexOf(pc);
        if (e->ExecTag == (pc & InterpreterConstants.PageMask) && (pc & InterpreterConstants.PageOffsetMask) != InterpreterConstants.PageOffsetMask - 1)
        {
            // The common case: both halfwords on the page the TLB entry maps, read with one lookup.
            // SAFETY: a matching execute tag maps pc's page to host memory; pc is 2-aligned and not the page's last
            // halfword, so the 4 bytes at pc are inside it.
            uint pair = Volatile.Read(ref *(uint*)(e->Addend + (nint)pc));
            ushort head = (ushort)pair;
            if (!T32Encoding.IsWide(head))
            {
                raw = head;
                return true;
            }

            wide = true;
            raw = ((uint)head << 16) | (pair >> 16);
            return true;
        }

        if (!TryFetchHalfword(pc, out ushort first, pc))
        {
            return false;
        }

        if (!T32Encoding.IsWide(first))
        {
            raw = first;
            return true;
        }

        if (!TryFetchHalfword(pc + 2, out ushort second, pc))
        {
            return false;
        }

        wide = true;
        raw = ((uint)first << 16) | second;
        return true;
    }

    /// <summary>Fetches the halfword at <paramref name="address"/> of the instruction at <paramref name="instruction"/>.</summary>
    private bool TryFetchHalfword(ulong address, out ushort value, ulong instruction)
    {
        value = 0;
        TlbEntry* e = _dataTlb + SoftTlb.IndexOf(address);
        if (e->ExecTag != (address & InterpreterConstants.PageMask))
        {
            if (address == instruction)
            {
                e = LookupOrFill(address, AccessKind.Execute, _dataRegime, null);
            }
            else
            {
                // The second halfword on the next page: the abort names its address, its preferred return is the
                // instruction (a record with that PC; the abort path un-counts it, so count it first).
                DecodedInstruction record = default;
                record.Pc = instruction;
                Retired++;
                e = LookupOrFill(address, AccessKind.Execute, _dataRegime, &record);
                if (e != null)
                {
                    Retired--;
                }
            }

            if (e == null)
            {
                return false;
            }
        }

        // SAFETY: a matching execute tag maps the page to host memory; the address is 2-aligned, so the halfword is inside it.
        value = Volatile.Read(ref *(ushort*)(e->Addend + (nint)address));
        return true;
    }
}
