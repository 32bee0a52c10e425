using System.Runtime.CompilerServices;
using Armvisor.Engine.Interpreter.Execution;
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

    /// <summary>A host exception a handler threw inside <see cref="RunNativeHelper"/>, rethrown once native code has returned.</summary>
    private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _nativeHelperFailure;

    /// <summary>
    /// Runs one record's handler for translated code (<see cref="NativeHelper"/>), with the state native code keeps in its
    /// context (NZCV, SP) synchronised both ways and <see cref="Retired"/> as the block interpreter would show it. Returns
    /// 0 when translated code may go on: the handler completed, <paramref name="mayContinue"/>, and nothing the run loop
    /// checks between blocks changed (exit, attention, timers, PSTATE.IL, regime, TLB table, chain epoch). Otherwise 1,
    /// with the next PC in the context: the handler's (an exception, a branch) or the next instruction's.
    /// </summary>
    internal int RunNativeHelper(NativeContext* context, DecodedInstruction* record, ulong retiredInRun, bool mayContinue)
    {
        CpuState state = State;
        state.Nzcv = context->Nzcv;
        state.Sp = context->Sp;
        Retired += retiredInRun;
        bool completed;
        try
        {
            completed = record->Handler(this, record);
        }
#pragma warning disable CA1031 // nothing may unwind into native frames: the exception is rethrown by RunNative
        catch (Exception e)
#pragma warning restore CA1031
        {
            _nativeHelperFailure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            completed = false;
        }

        Retired -= retiredInRun;
        _native!.HelperCalls++;
        context->Nzcv = state.Nzcv;
        context->Sp = state.Sp;
        context->FpEnabled = FpEnabledHere;
        if (completed && mayContinue && !_exitPending && _timerCountdown != 0 && Volatile.Read(ref _attention) == 0
            && !state.IllegalState && CurrentRegimeKey == _nativeEntryRegime && context->Epoch == _chainEpoch
            && context->DataTlb == _dataTlb)
        {
            return 0;
        }

        context->Pc = completed ? record->Pc + 4 : state.Pc;
        return 1;
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
        context->Nzcv = state.Nzcv;
        context->Sp = state.Sp;
        context->DataTlb = _dataTlb;
        context->FpEnabled = FpEnabledHere;
        context->Epoch = _chainEpoch;
        context->Budget = _timerCountdown - 1;
        context->Retired = 0;
        context->ExitLink = 0;

        _nativeEntryRegime = block.Key.Regime;

        // SAFETY: NativeEntry is the entry of code the tier translated for this block into its executable cache; it
        // reads and writes only the context, the pinned register files, the TLB table and guest RAM through TLB hits,
        // and calls back only through NativeHelper (a reverse P/Invoke), so it is a normal P/Invoke with a GC
        // transition: the GC may run while a handler runs inside it.
        int resume = ((delegate* unmanaged<NativeContext*, int>)block.NativeEntry)(context);

        state.Nzcv = context->Nzcv;
        state.Sp = context->Sp;
        Retired += context->Retired;
        _native.InstructionsExecuted += context->Retired;
        if (_timerCountdown != 0)
        {
            _timerCountdown = context->Budget + 1; // 0: a helper's handler asked for the timers at the next boundary
        }

        if (_nativeHelperFailure is { } failure)
        {
            _nativeHelperFailure = null;
            failure.Throw();
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
