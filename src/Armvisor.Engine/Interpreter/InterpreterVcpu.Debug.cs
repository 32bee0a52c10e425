using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Memory;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The host debugger's hooks (<see cref="IVcpuDebug"/>). While a breakpoint is set or single-step is on, a persistent
/// attention bit makes the run loop look at every block boundary — compiled blocks neither chain nor loop inside
/// themselves while attention is pending — and blocks are decoded so that no breakpoint lies inside one: every
/// breakpoint address starts a block, where the loop stops before it. Single-step interprets one instruction per Run.
/// </summary>
public sealed unsafe partial class InterpreterVcpu : IVcpuDebug
{
    private const int AttentionDebug = 8;

    private HashSet<ulong>? _breakpoints;
    private bool _singleStep;
    private bool _decodedBlocksIgnoreBreakpoints;

    public IVcpuDebug Debugging => this;

    void IVcpuDebug.SetBreakpoints(IReadOnlyCollection<ulong> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        _breakpoints = addresses.Count == 0 ? null : [.. addresses];
        // Blocks decoded before may hold a new breakpoint in their middle (or were cut at an old one): decode again.
        _decodedBlocksIgnoreBreakpoints = true;
        UpdateDebugAttention();
    }

    bool IVcpuDebug.SingleStep
    {
        get => _singleStep;
        set
        {
            _singleStep = value;
            UpdateDebugAttention();
        }
    }

    int IVcpuDebug.ReadVirtualMemory(ulong address, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            byte* host = DebugTranslate(address + (ulong)done, out int room);
            if (host == null)
            {
                break;
            }

            int n = Math.Min(room, buffer.Length - done);
            // SAFETY: host points into a RAM mapping with at least room bytes left in its page.
            new ReadOnlySpan<byte>(host, n).CopyTo(buffer[done..]);
            done += n;
        }

        return done;
    }

    int IVcpuDebug.WriteVirtualMemory(ulong address, ReadOnlySpan<byte> data)
    {
        int done = 0;
        while (done < data.Length)
        {
            ulong va = address + (ulong)done;
            byte* host = DebugTranslate(va, out int room, out ulong ipa);
            if (host == null)
            {
                break;
            }

            int n = Math.Min(room, data.Length - done);
            // SAFETY: as in ReadVirtualMemory.
            data.Slice(done, n).CopyTo(new Span<byte>(host, n));
            _partition.InvalidateCode(new AddressRange(new GuestPhysicalAddress(ipa), (ulong)n));
            done += n;
        }

        return done;
    }

    private byte* DebugTranslate(ulong va, out int room) => DebugTranslate(va, out room, out _);

    /// <summary>The host address of <paramref name="va"/> through stage 1 (as the vCPU's registers set it now) and stage 2; null if unmapped.</summary>
    private byte* DebugTranslate(ulong va, out int room, out ulong ipa)
    {
        room = (int)(InterpreterConstants.PageSize - (va & InterpreterConstants.PageOffsetMask));
        ipa = 0;
        TranslationResult walk = _system.Walker.Walk(va);
        if (walk.IsFault)
        {
            return null;
        }

        ipa = walk.OutputAddress;
        RamMapping? mapping = _partition.FindMapping(ipa);
        if (mapping == null)
        {
            return null;
        }

        room = (int)Math.Min((ulong)room, mapping.Start + mapping.Length - ipa);
        return mapping.HostBase + (ipa - mapping.Start);
    }

    private void UpdateDebugAttention()
    {
        if (_breakpoints != null || _singleStep || State.SoftwareStep || _guestBreakpoints != null)
        {
            Interlocked.Or(ref _attention, AttentionDebug);
        }
        else
        {
            Interlocked.And(ref _attention, ~AttentionDebug);
        }
    }

    /// <summary>At the start of Run: drops decoded blocks that do not respect the current breakpoint set.</summary>
    private void ApplyDebugChanges()
    {
        if (_decodedBlocksIgnoreBreakpoints)
        {
            _decodedBlocksIgnoreBreakpoints = false;
            _blocks.Clear();
            ClearJumpCache();
            _chainTail = null;
        }
    }

    /// <summary>Block decoding ends before a breakpoint address (the host debugger's or the guest's), so that the address starts the next block.</summary>
    private bool EndsBlockBefore(ulong pc) => (_breakpoints is { } set && set.Contains(pc)) || IsGuestBreakpointAddress(pc);

    /// <summary>
    /// The debug check at a block boundary: performs a single step
    /// (the host debugger's, or the guest's software step), stops at a host breakpoint, or takes a guest Breakpoint
    /// exception — which comes before the step of the instruction it is on (DDI0487 D1.14.2, exception priority). True
    /// when Run must return.
    /// </summary>
    private bool CheckDebugStop()
    {
        ApplyDebugChanges();

        if (State.SoftwareStep && !_singleStep)
        {
            return TakeGuestBreakpoint() ? _exitPending : StepArchitecturally();
        }

        if (_singleStep)
        {
            if (!TakeGuestBreakpoint())
            {
                StepOneInstruction();
            }

            if (!_exitPending)
            {
                SetExit(new EngineExit(EngineExitReason.DebugStop, 0, default, 0, default, DebugStop: DebugStopKind.Step));
            }

            return true;
        }

        if (_breakpoints is { } set && !State.IllegalState && set.Contains(State.Pc))
        {
            SetExit(new EngineExit(EngineExitReason.DebugStop, 0, default, 0, default, DebugStop: DebugStopKind.Breakpoint));
            return true;
        }

        return TakeGuestBreakpoint() && _exitPending;
    }

    /// <summary>Executes exactly one instruction in the interpreter, or takes the exception that replaces it.</summary>
    private void StepOneInstruction()
    {
        if (State.IllegalState)
        {
            TakeIllegalStateException();
            return;
        }

        ulong pc = State.Pc;
        if ((pc & 3) != 0)
        {
            RaisePcAlignmentFault(pc);
            return;
        }

        if (!TranslateFetch(pc, out ulong physical, out RamMapping? mapping))
        {
            return;
        }

        Block block = DecodeBlock(new BlockKey(pc, physical, CurrentRegimeKey), mapping!, maxInstructions: 1);
        BlockInterpreter.Run(this, block);
    }
}
