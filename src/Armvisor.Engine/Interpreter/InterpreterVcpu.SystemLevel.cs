using System.Runtime.CompilerServices;
using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The seam to the system level (<see cref="VcpuSystem"/>: System-register file, exception entry/return, stage-1
/// walker, generic timers): how the interpreter calls it and acts on the effects of System-register writes.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private VcpuSystem _system = null!;
    private readonly bool[] _timerMask = new bool[2];
    private bool _pmuInterruptMask;
    private bool _fpAccessEl0;
    private bool _fpAccessEl1;
    private ulong _counterAdvanced;

    /// <summary>2 when SCTLR_EL1.M is set: the block-key bit of the translation regime, refreshed with the effects.</summary>
    private int _stageOneRegimeBit;

    internal SystemRegisterFile Registers => _system.Registers;

    /// <summary>SCTLR_EL1.M: stage 1 of the EL1&amp;0 regime is enabled.</summary>
    internal bool StageOneEnabled => (_system.Registers.Sctlr & 1) != 0;

    internal ulong Sctlr => _system.Registers.Sctlr;

    /// <summary>HCR_EL2 as it applies to EL1/EL0 (0 without EL2 or with EL2 disabled by SCR_EL3.NS).</summary>
    internal ulong Hcr => _system.Registers.Hcr;

    /// <summary>SCR_EL3 as the EL3 agent set it.</summary>
    internal ulong Scr => _system.Registers.Scr;

    private void InitialiseSystemLevel()
    {
        _system = new VcpuSystem(new CpuIdentity(_partition.Options, Mpidr), _partition.Counter, new PartitionPageTableReader(_partition));
        _system.Exceptions.ClearExclusiveMonitor = ClearExclusiveMonitor;
        _system.Registers.InterruptStatusSource = () => (_irqLine ? 1UL << 7 : 0) | (_fiqLine ? 1UL << 6 : 0);
        _system.Registers.Pmu.RetiredInstructions = () => Retired;
        ApplySystemRegisterEffects();
        UpdateRegime();
    }

    public ulong GetSystemRegister(SystemRegisterEncoding register) => _system.Registers.ReadForAgent(State, register);

    public void SetSystemRegister(SystemRegisterEncoding register, ulong value)
    {
        _system.Registers.WriteForAgent(State, register, value);
        ApplySystemRegisterEffects();
    }

    public void InjectException(ExceptionSyndrome syndrome, ulong faultAddress)
    {
        ExceptionVector vector = syndrome.Class == ExceptionClass.SError ? ExceptionVector.SError : ExceptionVector.Synchronous;
        TakeException(vector, syndrome, faultAddress, State.Pc);
    }

    public bool PerformanceMonitorsInterruptRequested => _system.Registers.Pmu.InterruptRequested;

    public void SetPerformanceMonitorsInterruptMask(bool masked)
    {
        _pmuInterruptMask = masked;
        _timerCountdown = 0;
    }

    public void SetTimerMask(GenericTimerKind timer, bool masked)
    {
        _timerMask[(int)timer] = masked;
        _timerCountdown = 0;
    }

    /// <summary>
    /// Acts on what System-register writes made stale: translations (flush the TLB and block lookups), trap controls
    /// (the cached FP access decision), PSTATE (the TLB regime).
    /// </summary>
    internal void ApplySystemRegisterEffects()
    {
        SystemRegisterFile registers = _system.Registers;
        SystemRegisterEffects effects = registers.PendingEffects;
        registers.PendingEffects = SystemRegisterEffects.None;
        if ((effects & SystemRegisterEffects.Translation) != 0)
        {
            FlushTlbLocal();
        }

        if ((effects & (SystemRegisterEffects.Translation | SystemRegisterEffects.Domain)) != 0)
        {
            SelectDomainSet(effects);
        }

        if ((effects & SystemRegisterEffects.Debug) != 0)
        {
            ReadDebugComparators();
        }

        _stageOneRegimeBit = StageOneEnabled ? 2 : 0;
        if ((effects & SystemRegisterEffects.Timer) != 0)
        {
            _timerCountdown = 0; // a timer register changed: look at the outputs at the next block boundary
        }

        int el = State.CurrentEl;
        State.CurrentEl = 0;
        _fpAccessEl0 = registers.CheckFpAccess(State) == SysRegAccess.Ok;
        State.CurrentEl = 1;
        _fpAccessEl1 = registers.CheckFpAccess(State) == SysRegAccess.Ok;
        State.CurrentEl = el;
        UpdateRegime();
    }

    /// <summary>
    /// After a DACR write (or a flush): the soft TLB's domain set of the current DACR value (SoftTlb). Under the DACR
    /// virtualization the walks use the hypervisor's processor DACR, which follows the guest's writes by its own rules:
    /// there a DACR write still forgets every translation.
    /// </summary>
    private void SelectDomainSet(SystemRegisterEffects effects)
    {
        if (_shortShadow != null)
        {
            if ((effects & SystemRegisterEffects.Translation) == 0)
            {
                FlushTlbLocal();
            }

            return;
        }

        Tlb.SelectDomainSet(_system.Registers.Dacr); // UpdateRegime below re-reads the table pointers
    }

    /// <summary>Turns a System-register file verdict into the architectural outcome; true when the access happens.</summary>
    internal bool ResolveAccess(DecodedInstruction* d, SysRegAccess access, ExceptionSyndrome trapSyndrome)
    {
        switch (access)
        {
            case SysRegAccess.Ok:
                return true;
            case SysRegAccess.TrapToEl1:
                RaiseSynchronous(d, trapSyndrome, 0, d->Pc);
                return false;
            case SysRegAccess.TrapToEl2:
                ExitToAgent(2, trapSyndrome, d->Pc);
                return false;
            case SysRegAccess.TrapToEl3:
                ExitToAgent(3, trapSyndrome, d->Pc);
                return false;
            case SysRegAccess.FpTrapToEl1:
                RaiseSynchronous(d, FpTrapSyndrome, 0, d->Pc);
                return false;
            case SysRegAccess.FpTrapToEl2:
                ExitToAgent(2, FpTrapSyndrome, d->Pc);
                return false;
            case SysRegAccess.FpTrapToEl3:
                ExitToAgent(3, FpTrapSyndrome, d->Pc);
                return false;
            default:
                RaiseUndefined(d);
                return false;
        }
    }

    /// <summary>EC 0x07 with ISS CV=1, COND=0b1110 as for every trapped AArch64 FP/SIMD instruction (DDI0487 D24.2.40).</summary>
    private static ExceptionSyndrome FpTrapSyndrome => ExceptionSyndrome.Create(ExceptionClass.SimdFpAccess, 0x1E0_0000);

    /// <summary>
    /// Exception entry to EL1 (DDI0487 D1.10.2, AArch64.TakeException) through the system level, then the interpreter's
    /// own state: the TLB regime follows the new PSTATE.
    /// </summary>
    private void TakeException(ExceptionVector vector, ExceptionSyndrome syndrome, ulong faultAddress, ulong preferredReturn)
    {
        if (State.AArch32)
        {
            TakeAArch32Exception(vector, syndrome, faultAddress, preferredReturn);
            UpdateRegime();
            return;
        }

        ExceptionKind kind = vector switch
        {
            ExceptionVector.Irq => ExceptionKind.Irq,
            ExceptionVector.Fiq => ExceptionKind.Fiq,
            ExceptionVector.SError => ExceptionKind.SError,
            _ => ExceptionKind.Synchronous,
        };
        _system.Exceptions.TakeToEl1(State, kind, syndrome, faultAddress, preferredReturn);
        UpdateRegime();
    }

    /// <summary>ERET from EL1 (DDI0487 D1.11, AArch64.ExceptionReturn), including illegal returns (PSTATE.IL).</summary>
    internal void ExceptionReturn()
    {
        _system.Exceptions.ExceptionReturn(State);
        ApplySystemRegisterEffects();
        UpdateDebugAttention();
    }

    /// <summary>
    /// Stage 1 of the EL1&amp;0 regime for one page through the walker; on a fault raises it (stage-1 faults to EL1,
    /// a stage-2 fault on the walk as an exit with S1PTW) and returns false.
    /// </summary>
    private bool WalkStage1(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d, out Stage1Result result)
    {
        if (State.AArch32)
        {
            return WalkStage1AArch32(va, kind, regime, d, out result);
        }

        result = default;
        TranslationWalker walker = _system.Walker;
        TranslationResult walk = walker.Walk(va, instructionFetch: kind == AccessKind.Execute);
        if (walk.Fault == TranslationFault.Stage2OnWalk)
        {
            RaiseStage2Abort(va, walk.WalkAddress, kind, d, walk.StatusCode, stage1Walk: true);
            return false;
        }

        if (walk.IsFault)
        {
            RaiseStage1Abort(va, kind, d, walk.StatusCode);
            return false;
        }

        bool unprivileged = regime == TlbRegime.El0;
        bool pan = regime == TlbRegime.El1Pan;
        bool readable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Read, unprivileged, pan);
        bool writable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Write, unprivileged, pan);
        bool executable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Execute, unprivileged, false);
        bool permitted = kind switch
        {
            AccessKind.Read => readable,
            AccessKind.Write => writable,
            _ => executable,
        };
        if (!permitted)
        {
            RaiseStage1Abort(va, kind, d, (FaultStatusCode)(0x0C + walk.Level));
            return false;
        }

        // With stage 1 off an instruction fetch is Normal but data is Device-nGnRnE (DDI0487 D8.2.11); the entry serves data too.
        bool device = kind == AccessKind.Execute && !StageOneEnabled ? walker.Walk(va).IsDevice : walk.IsDevice;
        ulong physical = walk.OutputAddress | (va & InterpreterConstants.PageOffsetMask);
        result = new Stage1Result(physical, readable, writable, executable, device);
        return true;
    }

    /// <summary>
    /// Timer outputs, checked every few blocks: an asserted output whose agent mask is clear leaves Run as
    /// <see cref="EngineExitReason.TimerActivated"/> and masks the timer, as HVF does, until the agent unmasks it.
    /// In deterministic mode the counter first advances by the instructions retired since the last sync.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool CheckTimers()
    {
        SyncDeterministicCounter();

        GenericTimers timers = _system.Timers;
        for (int t = 0; t < 2; t++)
        {
            var kind = (GenericTimerKind)t;
            if (!_timerMask[t] && timers.IsOutputAsserted(kind))
            {
                _timerMask[t] = true;
                SetExit(new EngineExit(EngineExitReason.TimerActivated, 0, default, 0, default, kind));
                return true;
            }
        }

        // The PMU overflow request, checked on the same schedule (PerformanceMonitors.Poll is a no-op unless an
        // overflow interrupt is enabled on a counting counter).
        PerformanceMonitors pmu = _system.Registers.Pmu;
        pmu.Poll(State);
        if (!_pmuInterruptMask && pmu.InterruptRequested)
        {
            _pmuInterruptMask = true;
            SetExit(new EngineExit(EngineExitReason.PerformanceMonitorsOverflow, 0, default, 0, default, default));
            return true;
        }

        return false;
    }

    /// <summary>
    /// Deterministic mode: moves the shared counter on by the instructions this vCPU retired since the last sync. Called
    /// before the timers are checked and before any MRS (so CNTVCT/CNTPCT reads see every retired instruction).
    /// </summary>
    internal void SyncDeterministicCounter()
    {
        if (_partition.DeterministicCounter is { } deterministic)
        {
            ulong retired = Retired;
            deterministic.Advance(retired - _counterAdvanced);
            _counterAdvanced = retired;
        }
    }

    /// <summary>The earliest counter value at which a timer the agent has not masked fires (ulong.MaxValue: none).</summary>
    private ulong NextTimerDeadline()
    {
        ulong deadline = ulong.MaxValue;
        for (int t = 0; t < 2; t++)
        {
            if (!_timerMask[t] && _system.Timers.Deadline((GenericTimerKind)t) is { } d && d < deadline)
            {
                deadline = d;
            }
        }

        return deadline;
    }

    /// <summary>AT S1E1R/W, S1E0R/W: the walker writes PAR_EL1; a stage-2 fault on the walk exits to EL2.</summary>
    internal bool AddressTranslate(DecodedInstruction* d, SystemOperation operation)
    {
        ulong va = X[d->Rd];
        TranslationResult result = _system.Walker.AddressTranslate(operation, va);
        if (result.Fault == TranslationFault.Stage2OnWalk)
        {
            RaiseStage2Abort(va, result.WalkAddress, AccessKind.Read, d, result.StatusCode, stage1Walk: true);
            return false;
        }

        return true;
    }
}
