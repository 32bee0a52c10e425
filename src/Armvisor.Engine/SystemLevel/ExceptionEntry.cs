using Armvisor.Arm64;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// Exception entry to EL1 and exception return from EL1 (DDI0487 D1.10 "Exception entry", D1.11 "Exception return";
/// pseudocode AArch64.TakeException and AArch64.ExceptionReturn). Also used by the agents' injection of exceptions.
/// </summary>
public sealed class ExceptionEntry
{
    private const ulong DaifAll = 0x3C0;
    private const ulong SpsrNrw = 1UL << 4;

    private readonly SystemRegisterFile _registers;

    public ExceptionEntry(SystemRegisterFile registers)
    {
        ArgumentNullException.ThrowIfNull(registers);
        _registers = registers;
    }

    /// <summary>
    /// Called on exception entry and exception return to clear the local exclusive monitor
    /// (pseudocode ClearExclusiveLocal). The interpreter sets it to its monitor's clear.
    /// </summary>
    public Action? ClearExclusiveMonitor { get; set; }

    /// <summary>Vector offset of an exception taken to EL1 from the current state (DDI0487 D1.10.2, table "Vector offsets").</summary>
    public static ulong VectorOffset(CpuState cpu, ExceptionKind kind)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        ulong source = cpu.CurrentEl == 0 ? 0x400UL : cpu.SpSel ? 0x200UL : 0x000UL;
        return source + ((ulong)kind * 0x80);
    }

    /// <summary>The EC of an abort taken to EL1: "lower EL" from EL0, "same EL" from EL1.</summary>
    public static ExceptionClass AbortClass(CpuState cpu, bool instructionFetch)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        bool lower = cpu.CurrentEl == 0;
        return instructionFetch
            ? lower ? ExceptionClass.InstructionAbortLowerEl : ExceptionClass.InstructionAbortSameEl
            : lower ? ExceptionClass.DataAbortLowerEl : ExceptionClass.DataAbortSameEl;
    }

    /// <summary>
    /// Takes an exception to EL1: SPSR_EL1 = PSTATE, ELR_EL1 = <paramref name="preferredReturn"/>, ESR_EL1 (synchronous
    /// and SError), FAR_EL1 (instruction/data aborts, PC alignment, watchpoints; otherwise left UNKNOWN, i.e. unchanged),
    /// then PSTATE.EL=1, SP=SP_EL1, DAIF=1111, SS=0, IL=0, PAN=1 unless SCTLR_EL1.SPAN, PC = VBAR_EL1 + offset.
    /// </summary>
    public void TakeToEl1(CpuState cpu, ExceptionKind kind, ExceptionSyndrome syndrome, ulong faultAddress, ulong preferredReturn)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _registers.Pmu.ExceptionLevelChanging(cpu);
        ulong vector = _registers.VbarEl1 + VectorOffset(cpu, kind);

        _registers.SpsrEl1 = cpu.Pstate;
        _registers.ElrEl1 = preferredReturn;
        if (kind is ExceptionKind.Synchronous or ExceptionKind.SError)
        {
            _registers.EsrEl1 = syndrome.Value;
        }

        if (kind == ExceptionKind.Synchronous && WritesFar(syndrome.Class))
        {
            _registers.FarEl1 = faultAddress;
        }

        cpu.CurrentEl = 1;
        cpu.SpSel = true;
        cpu.Daif = (uint)DaifAll;
        cpu.SoftwareStep = false;
        cpu.IllegalState = false;
        if ((_registers.Sctlr & SctlrBits.Span) == 0)
        {
            cpu.Pan = true;
        }

        cpu.Pc = vector;
        ClearExclusiveMonitor?.Invoke();
    }

    /// <summary>
    /// ERET at EL1: PSTATE from SPSR_EL1 and PC = ELR_EL1, or, when the SPSR describes an illegal return, PSTATE.IL = 1
    /// with EL, SP and nRW unchanged (pseudocode IllegalExceptionReturn: AArch32 on an AArch64-only PE, a target EL above
    /// the current one, M[1] set, EL0 with M[0] set, or EL1 while HCR_EL2.TGE is 1). The caller has already checked that
    /// the PE is at EL1 (ERET at EL0 is UNDEFINED).
    /// </summary>
    /// <returns>True for a legal return.</returns>
    public bool ExceptionReturn(CpuState cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        _registers.Pmu.ExceptionLevelChanging(cpu);
        ulong spsr = _registers.SpsrEl1;
        ulong target = _registers.ElrEl1;
        bool legal = IsLegalReturn(cpu, spsr);
        if (legal)
        {
            cpu.Pstate = spsr & ~SpsrNrw;
        }
        else
        {
            int el = cpu.CurrentEl;
            bool sp = cpu.SpSel;
            cpu.Pstate = spsr;
            cpu.CurrentEl = el;
            cpu.SpSel = sp;
            cpu.IllegalState = true;
        }

        // Software step (DDI0487 D2.12.3): after the return the PE is in the active-not-pending state when step is
        // enabled at the target EL and SPSR.SS was 1; otherwise PSTATE.SS is 0 (inactive).
        cpu.SoftwareStep = legal && (spsr & SpsrSs) != 0 && SoftwareStepEnabled(cpu);
        cpu.Pc = target;
        ClearExclusiveMonitor?.Invoke();
        // Setting the event register is always allowed (WFE may complete spuriously) and lets a WFE after an exception
        // return wake, as on PEs where exception return is a WFE wake-up event.
        cpu.EventRegister = true;
        _registers.PendingEffects |= SystemRegisterEffects.Pstate;
        return legal;
    }

    /// <summary>SPSR.SS, bit 21.</summary>
    private const ulong SpsrSs = 1UL << 21;

    /// <summary>
    /// Software step is enabled (DDI0487 D2.12.1) when MDSCR_EL1.SS is 1 and debug exceptions are enabled from the
    /// current EL (<see cref="DebugExceptionsEnabled"/>).
    /// </summary>
    public bool SoftwareStepEnabled(CpuState cpu) => (_registers.Mdscr & 1) != 0 && DebugExceptionsEnabled(cpu, out _);

    /// <summary>MDCR_EL2.TDE, bit 8: debug exceptions from EL1 and EL0 are routed to EL2 (DDI0487 D24.3.16).</summary>
    private const ulong MdcrTde = 1UL << 8;

    /// <summary>MDSCR_EL1.KDE, bit 13: debug exceptions are enabled at EL1 when EL1 is the debug target (D24.3.20).</summary>
    private const ulong MdscrKde = 1UL << 13;

    /// <summary>
    /// Whether debug exceptions (breakpoint, watchpoint, software step) can be generated from the current EL, and
    /// whether they are routed to EL2 (DDI0487 D2.4 "Enabling debug exceptions", pseudocode
    /// AArch64.GenerateDebugExceptionsFrom): the debug target is EL2 when MDCR_EL2.TDE or HCR_EL2.TGE is 1, otherwise EL1.
    /// From an EL below the target they are always enabled; from the target EL (EL1 targeting EL1) only with
    /// MDSCR_EL1.KDE = 1 and PSTATE.D = 0. The OS lock and the OS double lock are always clear here (OSLAR_EL1 is RAZ/WI).
    /// </summary>
    public bool DebugExceptionsEnabled(CpuState cpu, out bool routeToEl2)
    {
        routeToEl2 = (_registers.Mdcr & MdcrTde) != 0 || (_registers.Hcr & HcrBits.Tge) != 0;
        if (routeToEl2 || cpu.CurrentEl == 0)
        {
            return true;
        }

        return (_registers.Mdscr & MdscrKde) != 0 && (cpu.Daif & 0x200) == 0;
    }

    private bool IsLegalReturn(CpuState cpu, ulong spsr)
    {
        if ((spsr & SpsrNrw) != 0 || (spsr & 0b10) != 0)
        {
            return false; // AArch32 not implemented; M[1] reserved.
        }

        int targetEl = (int)((spsr >> 2) & 3);
        if (targetEl > cpu.CurrentEl || (targetEl == 0 && (spsr & 1) != 0))
        {
            return false;
        }

        return !(targetEl == 1 && (_registers.Hcr & HcrBits.Tge) != 0);
    }

    private static bool WritesFar(ExceptionClass exceptionClass) => exceptionClass is
        ExceptionClass.InstructionAbortLowerEl or ExceptionClass.InstructionAbortSameEl
        or ExceptionClass.DataAbortLowerEl or ExceptionClass.DataAbortSameEl
        or ExceptionClass.PcAlignment
        or ExceptionClass.WatchpointLowerEl or ExceptionClass.WatchpointSameEl;
}
