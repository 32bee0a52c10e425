using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Native;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The run loop's side of the native tier (<c>Native/</c>): translating a block at its second run, entering translated
/// code, synchronising the state native code keeps in its <see cref="NativeContext"/> at the boundary, finishing a block
/// whose memory access took the slow path, and patching chained jumps.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private readonly NativeTier? _native;

    /// <summary>The exit stub the last native run left through, to patch once the run loop has found its successor.</summary>
    private ulong _pendingLinkSite;

    private ulong _pendingLinkTarget;

    private int _pendingLinkRegime;

    /// <summary>The native context's FP/AdvSIMD enable for the current EL (the cached verdict <see cref="CheckFpAccess"/> uses).</summary>
    private int FpEnabledHere => (State.CurrentEl == 0 ? _fpAccessEl0 : _fpAccessEl1) ? 1 : 0;

    /// <summary>The regime of the block native code was entered at (chained blocks share it).</summary>
    private int _nativeEntryRegime;

    /// <summary>
    /// Runs the handler of a record translated code left at through a helper exit. True when translated code may go on
    /// after it: the handler completed, <paramref name="mayContinue"/>, and nothing the run loop checks between blocks
    /// changed (exit, attention, timers, PSTATE.IL, regime, TLB table, chain epoch). Otherwise the record is retired as
    /// the block interpreter would retire it (with the <paramref name="index"/> records before it) and the PC is the
    /// handler's (an exception, a branch) or the next instruction's.
    /// </summary>
    private bool RunHelperRecord(NativeContext* context, DecodedInstruction* record, int index, bool mayContinue)
    {
        CpuState state = State;
        bool completed = record->Handler(this, record);
        _native!.HelperCalls++;
        if (completed && mayContinue && !_exitPending && _timerCountdown != 0 && Volatile.Read(ref _attention) == 0
            && !state.IllegalState && CurrentRegimeKey == _nativeEntryRegime && context->Epoch == _chainEpoch
            && context->DataTlb == _dataTlb)
        {
            return true;
        }

        if (completed)
        {
            state.Pc = record->Pc + 4;
        }

        Retired += (ulong)index + 1;
        _native.InstructionsExecuted += (ulong)index + 1; // as a block exit counts its helper records
        return false;
    }

    /// <summary>This vCPU's native tier, null unless the partition's tier is <see cref="EngineTier.Native"/> (diagnostics for tests).</summary>
    internal NativeTier? NativeCode => _native;

    /// <summary>
    /// Translates <paramref name="block"/> when its leading records have a native translation; a block whose later
    /// records have none is cut before the first of them (the rest becomes a block of its own, on the other tiers), so
    /// translated code never leaves mid-block except through a memory slow path. False leaves it to the other tiers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryTranslateNative(ref Block block)
    {
        int translatable = NativeBlockTranslator.TranslatablePrefix(block);
        if (translatable < block.Count)
        {
            _native!.NoteUntranslated(block.First + translatable);
        }
        if (translatable == 0)
        {
            block.NativeRefused = true;
            return false;
        }

        if (translatable < block.Count)
        {
            Block cut = DecodeBlock(block.Key, block.Mapping, translatable);
            if (NativeBlockTranslator.TranslatablePrefix(cut) != cut.Count)
            {
                block.NativeRefused = true;
                return false;
            }

            cut.ExecutionCount = block.ExecutionCount;
            _blocks[block.Key] = cut;
            _jumpCache[(int)(block.VirtualAddress >> 2) & ((1 << JumpCacheBits) - 1)] = cut;
            block = cut;
        }

        if (!_native!.Translate(block))
        {
            block.NativeRefused = true;
            return false;
        }

        return true;
    }

    /// <summary>Runs translated code from <paramref name="block"/> until it returns (it may chain through other translated blocks).</summary>
    private void RunNative(Block block)
    {
        NativeContext* context = _native!.Context;
        if (_pendingLinkSite != 0)
        {
            if (block.VirtualAddress == _pendingLinkTarget && block.Key.Regime == _pendingLinkRegime)
            {
                if (_pendingLinkSite == NativeContext.IndirectExit)
                {
                    _native.InsertJumpTarget(block, _chainEpoch);
                }
                else
                {
                    _native.Link(_pendingLinkSite, block, _chainEpoch);
                }
            }

            _pendingLinkSite = 0;
        }

        CpuState state = State;
        context->DataTlb = _dataTlb;
        context->Epoch = _chainEpoch;
        _nativeEntryRegime = block.Key.Regime;
        ulong entry = block.NativeEntry;
        int resume;
        while (true)
        {
            context->Nzcv = state.Nzcv;
            context->Sp = state.Sp;
            context->FpEnabled = FpEnabledHere;
            context->FpFast = context->FpEnabled != 0 && (state.Fpcr & NativeContext.FpFastFpcrMask) == 0 ? 1 : 0;
            context->Fpsr = state.Fpsr;
            context->Budget = _timerCountdown - 1;
            context->Retired = 0;
            context->ExitLink = 0;

            // SAFETY: entry is a block's entry, or a helper exit's re-entry, in code the tier translated into its
            // executable cache; it reads and writes only the context, the pinned register files, the TLB table and guest
            // RAM through TLB hits, calls nothing and never blocks, so no GC transition is needed.
            resume = ((delegate* unmanaged[SuppressGCTransition]<NativeContext*, int>)entry)(context);

            state.Nzcv = context->Nzcv;
            state.Sp = context->Sp;
            state.Fpsr = context->Fpsr;
            Retired += context->Retired;
            _native.InstructionsExecuted += context->Retired;
            _timerCountdown = context->Budget + 1;
            if (resume > -2)
            {
                break;
            }

            // A helper exit: the record's handler runs here, with the retired count the block interpreter would show it.
            int code = -2 - resume;
            if (!RunHelperRecord(context, _native.Translated(context->ExitBlock).First + (code >> 1), code >> 1, (code & 1) != 0))
            {
                return;
            }

            entry = context->Resume;
        }

        Block last = _native.Translated(context->ExitBlock);
        if (resume < 0)
        {
            state.Pc = context->Pc;
            if (context->ExitLink != 0)
            {
                _pendingLinkSite = context->ExitLink;
                _pendingLinkTarget = context->Pc;
                _pendingLinkRegime = last.Key.Regime;
            }

            return;
        }

        // A memory access took its slow path: its handler redoes it (faults, MMIO exits, code-page writes), then the
        // rest of the block is interpreted, exactly as BlockInterpreter.Run would from that record.
        DecodedInstruction* first = last.First + resume;
        DecodedInstruction* end = last.First + last.Count;
        for (DecodedInstruction* p = first; p < end; p++)
        {
            if (!p->Handler(this, p))
            {
                Retired += (ulong)(p - first) + 1;
                return;
            }
        }

        state.Pc = last.EndPc;
        Retired += (ulong)(end - first);
    }
}
