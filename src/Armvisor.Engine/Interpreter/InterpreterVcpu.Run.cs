using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.A64.Decoding;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>The run loop: block lookup and dispatch, and the checks made at block boundaries.</summary>
public sealed unsafe partial class InterpreterVcpu
{
    private const int AttentionExit = 1;
    private const int AttentionInterrupt = 2;
    private const int AttentionTlb = 4;
    private const int JumpCacheBits = 14;
    private const int MaxCachedBlocks = 1 << 16;

    /// <summary>Blocks between two reads of the counter for timer conditions.</summary>
    private const int TimerCheckInterval = 64;

    private readonly Block?[] _jumpCache = new Block?[1 << JumpCacheBits];
    private readonly Dictionary<BlockKey, Block> _blocks = [];
    private int _attention;
    private int _timerCountdown;
    private volatile bool _irqLine;
    private volatile bool _fiqLine;
    private bool _exitPending;
    private bool _lastExitCanceled;
    private EngineExit _exit;

    /// <summary>Bumped whenever cached VA-to-block associations may be wrong (TLB or block invalidation): successor
    /// links recorded under an older epoch are not followed.</summary>
    private int _chainEpoch;

    /// <summary>The compiled block that last returned to the run loop (where a new successor link starts).</summary>
    private Block? _chainTail;

    /// <summary>Runs guest code until an exit. Never throws for anything the guest does.</summary>
    public EngineExit Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _exitPending = false;
        if (_clearMonitorOnAgentReturn)
        {
            _clearMonitorOnAgentReturn = false;
            ClearExclusiveMonitor();
        }

        ApplyDebugChanges();
        // After an agent handled an exit, look at the timers at once. A Canceled exit (a pause, a snapshot) changed
        // nothing the timers depend on: the countdown runs on, so a paused or restored run keeps its exact timing.
        if (!_lastExitCanceled)
        {
            _timerCountdown = 0;
        }

        _chainTail = null;
        _inGuest = true;
        try
        {
            // PSTATE.nRW: AArch32 EL1/EL0 (HCR_EL2.RW = 0) runs the A32 interpreter (AArch32/).
            if (State.AArch32)
            {
                RunAArch32();
            }
            else
            {
                RunBlocks();
            }
        }
        finally
        {
            _inGuest = false;
        }

        _exitPending = false;
        _lastExitCanceled = _exit.Reason == EngineExitReason.Canceled;
        return _exit;
    }

    /// <summary>
    /// The dispatch loop, until a handler, an attention request or a timer sets an exit. Everything off its hot path
    /// (attention, timers, PSTATE.IL, compilation requests) is a separate, non-inlined call, so the loop stays small.
    /// </summary>
    private void RunBlocks()
    {
        while (true)
        {
            if (Volatile.Read(ref _attention) != 0 && HandleAttention())
            {
                break;
            }

            if (--_timerCountdown <= 0)
            {
                _timerCountdown = TimerCheckInterval;
                if (CheckTimers())
                {
                    break;
                }
            }

            if (State.IllegalState)
            {
                TakeIllegalStateException();
                continue;
            }

            Block? block = FindBlock();
            if (block != null)
            {
                if (block.NativeEntry != 0 && (_attention & AttentionDebug) == 0)
                {
                    _chainTail = null;
                    RunNative(block);
                }
                else if (block.Compiled is { } compiled)
                {
                    _pendingLinkSite = 0;
                    if (_chainTail is { } previous)
                    {
                        previous.Link(block, _chainEpoch);
                    }

                    compiled(this, block);
                }
                else
                {
                    _chainTail = null;
                    _pendingLinkSite = 0;
                    long executions = ++block.ExecutionCount;
                    if (_native != null && executions == _partition.NativeThreshold && !block.NativeRefused
                        && (_attention & AttentionDebug) == 0 && TryTranslateNative(ref block))
                    {
                        RunNative(block);
                        goto next;
                    }

                    if (executions == _partition.CompileThreshold)
                    {
                        RequestCompilation(block);
                    }

                    // A synchronous compilation (CompileInBackground off) runs at once: the execution that made the block
                    // hot is its first compiled one.
                    if (block.Compiled is { } compiledNow)
                    {
                        compiledNow(this, block);
                    }
                    else
                    {
                        block.Execute(this, block);
                    }
                }
            }

        next:
            if (_exitPending)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Called by compiled code as it leaves a block: the successor it may jump to directly, or null to return to the run
    /// loop. Chaining does exactly what the loop would do next — it stops for anything the loop checks (an exit, pending
    /// attention, the timer countdown, PSTATE.IL) and takes a successor only if it is the block the loop's lookup would
    /// find: same PC and translation regime, current code, recorded since the last TLB or block invalidation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Block? NextChained(Block block)
    {
        CpuState state = State;
        if (_timerCountdown > 1 && !_exitPending && Volatile.Read(ref _attention) == 0 && !state.IllegalState)
        {
            ulong pc = state.Pc;
            Block? next = block.Successor0;
            if (next is null || next.Key.VirtualAddress != pc || block.SuccessorEpoch0 != _chainEpoch)
            {
                next = block.Successor1;
                if (next is not null && (next.Key.VirtualAddress != pc || block.SuccessorEpoch1 != _chainEpoch))
                {
                    next = null;
                }
            }

            if (next is not null && next.Key.Regime == (state.CurrentEl | _stageOneRegimeBit) && next.IsCurrent && next.Compiled is not null)
            {
                _timerCountdown--;
                return next;
            }
        }

        _chainTail = block;
        return null;
    }

    /// <summary>
    /// PSTATE.IL set by an illegal exception return: the next instruction takes an Illegal Execution state exception,
    /// EC 0x0E, instead of executing (DDI0487 D1.4.4); the entry clears PSTATE.IL.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void TakeIllegalStateException() =>
        TakeException(ExceptionVector.Synchronous, ExceptionSyndrome.Create(ExceptionClass.IllegalExecutionState, 0), 0, State.Pc);

    /// <summary>A block became hot: compile it in the background (or now, when the partition asks for that).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RequestCompilation(Block block)
    {
        bool selfLoops = _partition.DeterministicCounter == null;
        if (!_partition.CompileInBackground)
        {
            block.Compiled = BlockCompiler.Compile(block, selfLoops);
        }
        else if (!BackgroundBlockCompiler.TryEnqueue(block, selfLoops))
        {
            block.ExecutionCount = 0;
        }
    }

    public void RequestExit()
    {
        Interlocked.Or(ref _attention, AttentionExit);
        _wake.Set();
    }

    public void SetPendingInterrupt(InterruptKind kind, bool pending)
    {
        if (kind == InterruptKind.Irq)
        {
            _irqLine = pending;
        }
        else
        {
            _fiqLine = pending;
        }

        if (_irqLine || _fiqLine)
        {
            Interlocked.Or(ref _attention, AttentionInterrupt);
            _wake.Set();
        }
    }

    /// <summary>An IRQ or FIQ input is asserted, masked or not (what wakes WFI, DDI0487 D1.16.2).</summary>
    internal bool InterruptLinePending => _irqLine || _fiqLine;

    /// <summary>Leaves <see cref="Run"/> with <paramref name="exit"/> once the current handler returns.</summary>
    internal void SetExit(in EngineExit exit)
    {
        _exit = exit;
        _exitPending = true;
    }

    /// <summary>The translation regime a block is decoded for: PSTATE.EL and SCTLR_EL1.M.</summary>
    private int CurrentRegimeKey => State.CurrentEl | _stageOneRegimeBit;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool HandleAttention()
    {
        int attention = Volatile.Read(ref _attention);
        if ((attention & AttentionExit) != 0)
        {
            Interlocked.And(ref _attention, ~AttentionExit);
            SetExit(EngineExit.Canceled);
            return true;
        }

        if ((attention & AttentionTlb) != 0)
        {
            ApplyRemoteTlbRequests();
        }

        // Single-stepping does not take interrupts (see IVcpuDebug.SingleStep).
        if ((attention & AttentionInterrupt) != 0 && !_singleStep)
        {
            if (!_irqLine && !_fiqLine)
            {
                Interlocked.And(ref _attention, ~AttentionInterrupt);
                if (_irqLine || _fiqLine)
                {
                    Interlocked.Or(ref _attention, AttentionInterrupt);
                }
            }
            else
            {
                // PSTATE.F masks FIQ (bit 6), PSTATE.I masks IRQ (bit 7); FIQ has priority (DDI0487 D1.3.6).
                if (_fiqLine && (State.Daif & 0x40) == 0)
                {
                    TakeInterrupt(ExceptionVector.Fiq);
                }
                else if (_irqLine && (State.Daif & 0x80) == 0)
                {
                    TakeInterrupt(ExceptionVector.Irq);
                }
            }
        }

        if ((attention & AttentionDebug) != 0 && !_exitPending)
        {
            return CheckDebugStop();
        }

        return _exitPending;
    }

    /// <summary>The block at PC (the run loop has dealt with PSTATE.IL first); null when fetching it faulted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Block? FindBlock()
    {
        ulong pc = State.Pc;
        int regime = CurrentRegimeKey;
        int slot = (int)(pc >> 2) & ((1 << JumpCacheBits) - 1);
        Block? block = _jumpCache[slot];
        if (block != null && block.Key.VirtualAddress == pc && block.Key.Regime == regime && block.IsCurrent)
        {
            return block;
        }

        return FindBlockSlow(pc, regime, slot);
    }

    private Block? FindBlockSlow(ulong pc, int regime, int slot)
    {
        if ((pc & 3) != 0)
        {
            RaisePcAlignmentFault(pc);
            return null;
        }

        if (!TranslateFetch(pc, out ulong physical, out RamMapping? mapping))
        {
            return null;
        }

        var key = new BlockKey(pc, physical, regime);
        if (_blocks.TryGetValue(key, out Block? block) && block.IsCurrent)
        {
            _jumpCache[slot] = block;
            return block;
        }

        block = DecodeBlock(key, mapping!);
        if (_blocks.Count >= MaxCachedBlocks)
        {
            _blocks.Clear();
        }

        _blocks[key] = block;
        _jumpCache[slot] = block;
        return block;
    }

    private Block DecodeBlock(BlockKey key, RamMapping mapping, int maxInstructions = InterpreterConstants.MaxBlockInstructions)
    {
        int page = mapping.PageIndex(key.PhysicalAddress);
        MarkCodePage(mapping, page, key.PhysicalAddress & InterpreterConstants.PageMask);
        int version = Volatile.Read(ref mapping.CodeVersion[page]);
        int room = (int)((InterpreterConstants.PageSize - (key.PhysicalAddress & InterpreterConstants.PageOffsetMask)) >> 2);
        int limit = Math.Min(room, maxInstructions);
        // SAFETY: physical lies in mapping, and limit keeps every word inside its page, hence inside the mapping.
        uint* code = (uint*)(mapping.HostBase + (key.PhysicalAddress - mapping.Start));
        DecodedInstruction* scratch = stackalloc DecodedInstruction[limit];
        int count = 0;
        ulong pc = key.VirtualAddress;
        while (count < limit)
        {
            if (count > 0 && EndsBlockBefore(pc))
            {
                break;
            }

            bool ends = A64Decoder.Decode(Volatile.Read(ref code[count]), pc, scratch + count);
            count++;
            pc += 4;
            if (ends)
            {
                break;
            }
        }

        DecodedInstruction[] records = GC.AllocateArray<DecodedInstruction>(count, pinned: true);
        for (int i = 0; i < count; i++)
        {
            records[i] = scratch[i];
        }

        return new Block(key, records, count, mapping, page, version);
    }

    /// <summary>Records that the page holds decoded code so that stores to it invalidate the blocks.</summary>
    private void MarkCodePage(RamMapping mapping, int page, ulong physicalPage)
    {
        if (Interlocked.Exchange(ref mapping.CodePage[page], 1) == 0)
        {
            Tlb.FlushWritesToPhysicalPage(physicalPage);
            _partition.OnCodePageMarked(this, physicalPage);
        }
    }

    /// <summary>A store hit a code page: the page's blocks become stale and writes stop being tracked until re-decoded.</summary>
    internal void OnCodePageWritten(RamMapping mapping, ulong physicalAddress)
    {
        int page = mapping.PageIndex(physicalAddress);
        Interlocked.Increment(ref mapping.CodeVersion[page]);
        Volatile.Write(ref mapping.CodePage[page], 0);
    }

    /// <summary>How many cached blocks have their compiled tier (a diagnostic for tests; walks the cache).</summary>
    internal int CountCompiledBlocks() => _blocks.Values.Count(b => Volatile.Read(ref b.Compiled) != null);

    /// <summary>Forgets every cached block lookup (the VA to block association depends on the TLB).</summary>
    private void ClearJumpCache()
    {
        Array.Clear(_jumpCache);
        _chainEpoch++;
    }

    /// <summary>
    /// Forgets the cached block lookups of one virtual page: the slot of a PC is its word index modulo the cache size,
    /// so a page's PCs occupy one run of consecutive slots (TLBI by VA is frequent; clearing the whole cache for each
    /// made every other block miss).
    /// </summary>
    private void ClearJumpCachePage(ulong virtualAddress)
    {
        const int slotsPerPage = (int)(InterpreterConstants.PageSize >> 2);
        int first = (int)((virtualAddress & InterpreterConstants.PageMask) >> 2) & ((1 << JumpCacheBits) - 1);
        Array.Clear(_jumpCache, first, slotsPerPage);
        _chainEpoch++;
    }
}
