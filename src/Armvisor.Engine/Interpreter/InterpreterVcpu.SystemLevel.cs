using Armvisor.Arm64;
using Armvisor.Engine.Interpreter.Execution;
using Armvisor.Engine.Interpreter.Memory;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The seam to the system level (System-register file, exception entry/return, stage-1 walker, generic timers).
/// This is the interpreter's interim minimum (a flat register store, exception entry per DDI0487 D1.10, the flat map
/// of a disabled MMU) until the enginesys components are wired in behind the same members.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private readonly Dictionary<ushort, ulong> _sysRegs = [];
    private readonly bool[] _timerMask = new bool[2];
    private ulong _sctlr;
    private ulong _cpacr;
    private ulong _hcr;
    private ulong _scr;

    /// <summary>SCTLR_EL1.M: stage 1 of the EL1&amp;0 regime is enabled.</summary>
    internal bool StageOneEnabled => (_sctlr & 1) != 0;

    internal ulong Sctlr => _sctlr;

    /// <summary>HCR_EL2 as the EL2 agent set it (reads as 0 without EL2).</summary>
    internal ulong Hcr => _partition.Options.HasEl2 ? _hcr : 0;

    /// <summary>SCR_EL3 as the EL3 agent set it.</summary>
    internal ulong Scr => _partition.Options.HasEl3 ? _scr : 0;

    private void InitialiseSystemLevel()
    {
        // SCTLR_EL1 reset: RES1 bits 29:28, 23:22, 20, 11 (DDI0487 D23.2.118); MMU and caches off.
        _sctlr = 0x30D0_0800;
        _sysRegs[SysRegKeys.MidrEl1] = _partition.Options.Midr;
        _sysRegs[SysRegKeys.MpidrEl1] = 0x8000_0000UL | Mpidr;
        _sysRegs[SysRegKeys.CtrEl0] = 0x8444_C004;
        _sysRegs[SysRegKeys.DczidEl0] = 4;
        _sysRegs[SysRegKeys.CntfrqEl0] = _partition.CounterFrequency;
        foreach (ushort key in (ReadOnlySpan<ushort>)[
            SysRegKeys.SpsrEl1, SysRegKeys.ElrEl1, SysRegKeys.Ttbr0El1, SysRegKeys.Ttbr1El1, SysRegKeys.TcrEl1,
            SysRegKeys.EsrEl1, SysRegKeys.FarEl1, SysRegKeys.MairEl1, SysRegKeys.VbarEl1, SysRegKeys.TpidrEl0,
            SysRegKeys.TpidrroEl0, SysRegKeys.TpidrEl1, SysRegKeys.ContextidrEl1, SysRegKeys.ParEl1])
        {
            _sysRegs[key] = 0;
        }

        UpdateRegime();
    }

    public ulong GetSystemRegister(SystemRegisterEncoding register)
    {
        ushort key = register.Key;
        switch (key)
        {
            case SysRegKeys.SpEl0:
                return State.SpEl0;
            case SysRegKeys.SpEl1:
                return State.SpEl1;
            case SysRegKeys.SctlrEl1:
                return _sctlr;
            case SysRegKeys.HcrEl2:
                return Hcr;
            case SysRegKeys.ScrEl3:
                return Scr;
        }

        if (TryReadRegisterFile(key, out ulong value))
        {
            return value;
        }

        throw new EngineException($"unknown System register {register}");
    }

    public void SetSystemRegister(SystemRegisterEncoding register, ulong value)
    {
        ushort key = register.Key;
        switch (key)
        {
            case SysRegKeys.SpEl0:
                State.SpEl0 = value;
                return;
            case SysRegKeys.SpEl1:
                State.SpEl1 = value;
                return;
            case SysRegKeys.HcrEl2:
                _hcr = value;
                return;
            case SysRegKeys.ScrEl3:
                _scr = value;
                return;
        }

        if (!WriteRegisterFile(key, value))
        {
            throw new EngineException($"unknown System register {register}");
        }
    }

    public void InjectException(ExceptionSyndrome syndrome, ulong faultAddress)
    {
        ExceptionVector vector = syndrome.Class == ExceptionClass.SError ? ExceptionVector.SError : ExceptionVector.Synchronous;
        TakeException(vector, syndrome, faultAddress, State.Pc);
    }

    public void SetTimerMask(GenericTimerKind timer, bool masked) => _timerMask[(int)timer] = masked;

    /// <summary>A guest MRS of a register of the file (the special-purpose registers are handled by the instruction).</summary>
    internal SysRegOutcome GuestReadSystemRegister(ushort key, out ulong value)
    {
        value = 0;
        if (!GuestMayAccess(key, write: false))
        {
            return SysRegOutcome.Undefined;
        }

        return TryReadRegisterFile(key, out value) ? SysRegOutcome.Ok : SysRegOutcome.Undefined;
    }

    /// <summary>A guest MSR to a register of the file.</summary>
    internal SysRegOutcome GuestWriteSystemRegister(ushort key, ulong value)
    {
        if (!GuestMayAccess(key, write: true) || key is SysRegKeys.MidrEl1 or SysRegKeys.MpidrEl1 or SysRegKeys.CtrEl0
            or SysRegKeys.DczidEl0 or SysRegKeys.CntpctEl0 or SysRegKeys.CntvctEl0)
        {
            return SysRegOutcome.Undefined;
        }

        return WriteRegisterFile(key, value) ? SysRegOutcome.Ok : SysRegOutcome.Undefined;
    }

    private bool GuestMayAccess(ushort key, bool write)
    {
        int op1 = (key >> 11) & 7;
        if (op1 is 4 or 5 or 6)
        {
            return false; // EL2/EL3 registers are the agents' (DDI0487 D1.10: UNDEFINED from EL1).
        }

        if (State.CurrentEl != 0)
        {
            return true;
        }

        return key switch
        {
            SysRegKeys.TpidrEl0 => true,
            SysRegKeys.TpidrroEl0 or SysRegKeys.CntfrqEl0 or SysRegKeys.CntvctEl0 => !write,
            SysRegKeys.CtrEl0 => !write && (_sctlr & (1UL << 15)) != 0, // SCTLR_EL1.UCT
            SysRegKeys.DczidEl0 => !write,
            _ => false,
        };
    }

    private bool TryReadRegisterFile(ushort key, out ulong value)
    {
        switch (key)
        {
            case SysRegKeys.SctlrEl1:
                value = _sctlr;
                return true;
            case SysRegKeys.CpacrEl1:
                value = _cpacr;
                return true;
            case SysRegKeys.CntpctEl0:
            case SysRegKeys.CntvctEl0:
                value = _partition.ReadCounter();
                return true;
        }

        return _sysRegs.TryGetValue(key, out value);
    }

    private bool WriteRegisterFile(ushort key, ulong value)
    {
        switch (key)
        {
            case SysRegKeys.SctlrEl1:
                _sctlr = value;
                FlushTlbLocal();
                return true;
            case SysRegKeys.CpacrEl1:
                _cpacr = value & (3UL << 20);
                return true;
            case SysRegKeys.Ttbr0El1 or SysRegKeys.Ttbr1El1 or SysRegKeys.TcrEl1 or SysRegKeys.MairEl1:
                if (!_sysRegs.ContainsKey(key))
                {
                    return false;
                }

                _sysRegs[key] = value;
                FlushTlbLocal();
                return true;
        }

        if (!_sysRegs.ContainsKey(key))
        {
            return false;
        }

        _sysRegs[key] = value;
        return true;
    }

    /// <summary>
    /// Exception entry to EL1 (DDI0487 D1.10.2, pseudocode AArch64.TakeException): SPSR_EL1, ELR_EL1, ESR_EL1 and FAR_EL1
    /// for synchronous exceptions, PSTATE.{EL,SP,DAIF,PAN,SS,IL}, PC = VBAR_EL1 + the vector offset; clears the local
    /// exclusive monitor.
    /// </summary>
    private void TakeException(ExceptionVector vector, ExceptionSyndrome syndrome, ulong faultAddress, ulong preferredReturn)
    {
        ulong offset = State.CurrentEl == 0 ? 0x400UL : State.SpSel ? 0x200UL : 0UL;
        _sysRegs[SysRegKeys.SpsrEl1] = State.Pstate;
        _sysRegs[SysRegKeys.ElrEl1] = preferredReturn;
        if (vector == ExceptionVector.Synchronous || vector == ExceptionVector.SError)
        {
            _sysRegs[SysRegKeys.EsrEl1] = syndrome.Value;
            if (HasFaultAddress(syndrome.Class))
            {
                _sysRegs[SysRegKeys.FarEl1] = faultAddress;
            }
        }

        State.CurrentEl = 1;
        State.SpSel = true;
        State.Daif = 0x3C0;
        if ((_sctlr & (1UL << 23)) == 0)
        {
            State.Pan = true; // SCTLR_EL1.SPAN == 0 sets PSTATE.PAN on entry to EL1.
        }

        State.SoftwareStep = false;
        State.IllegalState = false;
        State.Pc = _sysRegs[SysRegKeys.VbarEl1] + offset + (ulong)vector;
        ClearExclusiveMonitor();
        UpdateRegime();
    }

    private static bool HasFaultAddress(ExceptionClass ec) => ec is ExceptionClass.InstructionAbortLowerEl
        or ExceptionClass.InstructionAbortSameEl or ExceptionClass.DataAbortLowerEl or ExceptionClass.DataAbortSameEl
        or ExceptionClass.PcAlignment or ExceptionClass.WatchpointLowerEl or ExceptionClass.WatchpointSameEl;

    /// <summary>
    /// ERET from EL1 (DDI0487 D1.11, AArch64.ExceptionReturn): PSTATE from SPSR_EL1, PC from ELR_EL1; an illegal return
    /// (to a higher EL, or to AArch32 on this AArch64-only PE) keeps EL and SP and sets PSTATE.IL.
    /// </summary>
    internal void ExceptionReturn()
    {
        ulong spsr = _sysRegs[SysRegKeys.SpsrEl1];
        ulong elr = _sysRegs[SysRegKeys.ElrEl1];
        int targetEl = (int)((spsr >> 2) & 3);
        bool aarch32 = (spsr & 0x10) != 0;
        bool illegal = aarch32 || targetEl > 1 || (targetEl == 0 && (spsr & 1) != 0) || (spsr & (1UL << 20)) != 0;
        if (illegal)
        {
            int el = State.CurrentEl;
            bool sp = State.SpSel;
            State.Pstate = spsr;
            State.CurrentEl = el;
            State.SpSel = sp;
            State.IllegalState = true;
        }
        else
        {
            State.Pstate = spsr;
        }

        State.Pc = elr;
        ClearExclusiveMonitor();
        UpdateRegime();
    }

    /// <summary>Stage 1 of the EL1&amp;0 regime. With SCTLR_EL1.M = 0 the flat map (VA = PA, data Device-nGnRnE, DDI0487 D8.2.11).</summary>
    private bool WalkStage1(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d, out Stage1Result result)
    {
        _ = regime;
        if ((va >> PhysicalAddressBits) != 0)
        {
            result = default;
            RaiseStage1Abort(va, kind, d, FaultStatusCode.AddressSizeLevel0);
            return false;
        }

        result = new Stage1Result(va, true, true, true, Device: !StageOneEnabled);
        return true;
    }

    /// <summary>Timer conditions, checked every few blocks; true when Run must return.</summary>
    private bool CheckTimers() => false;

    /// <summary>The earliest counter value at which an enabled timer fires, for WFI's sleep (ulong.MaxValue: none).</summary>
    private ulong NextTimerDeadline() => ulong.MaxValue;
}
