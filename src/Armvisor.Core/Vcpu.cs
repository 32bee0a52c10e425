using Armvisor.Arm64;
using Armvisor.Engine;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core;

/// <summary>
/// One vCPU as the hypervisor core presents it to the VMM (KVM's vCPU fd): <see cref="Run"/> executes the guest,
/// handles in the core everything the EL2/EL3 agents own (PSCI, GIC CPU interface, timers, WFE channel), and returns
/// a <see cref="VmExit"/> only for what needs the VMM. The state lives here and in the engine vCPU, not in the host
/// thread: any thread may run it, one at a time.
/// </summary>
public sealed partial class Vcpu : IDisposable
{
    private readonly Vm _vm;
    private readonly ILogger _logger;
    private readonly Lock _powerLock = new();
    private readonly ManualResetEventSlim _powerChanged = new(false);
    private IVcpuEngine? _engine;
    private VcpuPowerState _powerState;
    private ulong _bootEntry;
    private ulong _bootContext;

    /// <summary>The pending start is the boot CPU's (X0/R2 = the DTB), not a CPU_ON (X0/R0 = context id).</summary>
    private bool _bootWithDeviceTree;
    private bool _bootPending;
    private volatile bool _exitRequested;
    private bool _irqLevel;
    private bool _fiqLevel;
    private VmExit? _owedAccess;
    private ExceptionSyndrome _owedSyndrome;
    private ulong _owedFaultAddress;
    private Prda.PrivateDataArea? _privateData;
    private long _yields;

    internal Vcpu(Vm vm, int index, ulong mpidr)
    {
        _vm = vm;
        Index = index;
        Mpidr = mpidr;
        _logger = vm.LoggerFactory.CreateLogger("Armvisor.Vcpu");
        _powerState = VcpuPowerState.Off;
        vm.InterruptController.ConnectIrqOutput(index, level => SetInterruptLine(InterruptKind.Irq, level));
        vm.InterruptController.ConnectFiqOutput(index, level => SetInterruptLine(InterruptKind.Fiq, level));
    }

    public int Index { get; }

    /// <summary>MPIDR_EL1 as the guest reads it.</summary>
    public ulong Mpidr { get; }

    public VcpuPowerState PowerState
    {
        get
        {
            lock (_powerLock)
            {
                return _powerState;
            }
        }
    }

    /// <summary>The engine vCPU, created on the first <see cref="Run"/>; null before.</summary>
    public IVcpuEngine? Engine => _engine;

    /// <summary>This vCPU's private data area (the page the PRDA alias reaches on it), once the vCPU has run; null without one.</summary>
    public Prda.PrivateDataArea? PrivateData => _privateData;

    /// <summary>WFE-channel YIELDs this vCPU made (each ended a <see cref="Run"/> with <see cref="InterruptedExit"/>).</summary>
    public long Yields => Interlocked.Read(ref _yields);

    /// <summary>Guest instructions this vCPU has retired.</summary>
    public ulong InstructionsRetired => _engine?.InstructionsRetired ?? 0;

    /// <summary>
    /// Powers the vCPU on at <paramref name="entry"/> with X0 = <paramref name="x0"/>, the state booting.rst asks for
    /// (EL1h, DAIF masked, MMU off), for the boot CPU before the first run.
    /// </summary>
    public void PowerOnAt(ulong entry, ulong x0)
    {
        lock (_powerLock)
        {
            _bootEntry = entry;
            _bootContext = x0;
            _bootWithDeviceTree = true;
            _bootPending = true;
            _powerState = VcpuPowerState.OnPending;
            _powerChanged.Set();
        }
    }

    /// <summary>
    /// PSCI CPU_ON (DEN0022D §5.1.4), and any other start of a secondary (a platform release): starts this vCPU at
    /// <paramref name="entry"/> with X0 = context id if it is off — atomically, so two starters cannot both win.
    /// </summary>
    public PsciReturnCode TryPowerOn(ulong entry, ulong contextId)
    {
        lock (_powerLock)
        {
            if (_powerState == VcpuPowerState.On)
            {
                return PsciReturnCode.AlreadyOn;
            }

            if (_powerState == VcpuPowerState.OnPending)
            {
                return PsciReturnCode.OnPending;
            }

            _bootEntry = entry;
            _bootContext = contextId;
            _bootWithDeviceTree = false;
            _bootPending = true;
            _powerState = VcpuPowerState.OnPending;
            _powerChanged.Set();
            return PsciReturnCode.Success;
        }
    }

    /// <summary>PSCI CPU_OFF: the calling vCPU stops until another CPU_ON.</summary>
    internal void PowerOff()
    {
        lock (_powerLock)
        {
            _powerState = VcpuPowerState.Off;
            _powerChanged.Reset();
        }
    }

    /// <summary>Makes <see cref="Run"/> return <see cref="InterruptedExit"/> soon (any thread).</summary>
    public void RequestExit()
    {
        _exitRequested = true;
        // Full fence, paired with the one in EnsureEngine: either this thread sees the engine and asks it, or the
        // thread creating the engine sees the request and forwards it (a request landing while the engine is being
        // created was lost, and the vCPU ran on past its time slice forever).
        Interlocked.MemoryBarrier();
        Volatile.Read(ref _engine)?.RequestExit();
        _powerChanged.Set();
    }

    /// <summary>
    /// Runs the guest until the VMM must act. Throws <see cref="InvalidOperationException"/> if an MMIO access is still
    /// owed a reply (<see cref="CompleteMmioRead"/>, <see cref="CompleteMmioWrite"/> or <see cref="FailMmioAccess"/>).
    /// </summary>
    public VmExit Run()
    {
        if (_owedAccess is not null)
        {
            throw new InvalidOperationException($"vCPU {Index}: the MMIO access {_owedAccess} has not been completed");
        }

        while (true)
        {
            if (_vm.PendingSystemEvent is { } systemEvent)
            {
                return systemEvent;
            }

            if (_exitRequested)
            {
                _exitRequested = false;
                return InterruptedExit.Instance;
            }

            if (!EnsureRunnable())
            {
                continue;
            }

            if (_stepCompletedByAgent)
            {
                _stepCompletedByAgent = false;
                return new DebugStopExit(DebugStopKind.Step);
            }

            if (_virtualTimerMasked || _physicalTimerMasked)
            {
                ResyncTimers();
            }

            if (_pmuInterruptMasked)
            {
                ResyncPerformanceMonitorsInterrupt();
            }

            EngineExit exit = _engine!.Run();
            VmExit? vmExit = exit.Reason switch
            {
                EngineExitReason.Canceled => null,
                EngineExitReason.TimerActivated => HandleTimer(exit.Timer),
                EngineExitReason.DebugStop => new DebugStopExit(exit.DebugStop, exit.FaultVirtualAddress),
                EngineExitReason.SemihostingCall => StepCompletedInCore(HandleSemihostingCall()),
                EngineExitReason.PerformanceMonitorsOverflow => HandlePerformanceMonitorsOverflow(),
                _ => StepCompletedInCore(exit.TargetExceptionLevel == 3 ? HandleEl3Exception(exit) : HandleEl2Exception(exit)),
            };
            if (vmExit is not null)
            {
                return vmExit;
            }
        }
    }

    /// <summary>Replies to an <see cref="MmioReadExit"/>: writes Xt as the ISS says (SSE, SF) and steps past the load.</summary>
    public void CompleteMmioRead(ulong value)
    {
        if (_owedAccess is not MmioReadExit)
        {
            throw new InvalidOperationException($"vCPU {Index}: no MMIO read is pending");
        }

        DataAbortIss iss = _owedSyndrome.DataAbort;
        int bits = (int)iss.Size * 8;
        if (bits < 64)
        {
            value &= (1UL << bits) - 1;
            if (iss.SignExtend && (value & (1UL << (bits - 1))) != 0)
            {
                value |= ~((1UL << bits) - 1);
            }
        }

        if (!iss.Is64BitRegister)
        {
            value = (uint)value;
        }

        SetX(iss.Register, value);
        _owedAccess = null;
        AdvancePc(_owedSyndrome);
        NoteAgentCompletedStep();
    }

    /// <summary>Replies to an <see cref="MmioWriteExit"/>: the device took the write; steps past the store.</summary>
    public void CompleteMmioWrite()
    {
        if (_owedAccess is not MmioWriteExit)
        {
            throw new InvalidOperationException($"vCPU {Index}: no MMIO write is pending");
        }

        _owedAccess = null;
        AdvancePc(_owedSyndrome);
        NoteAgentCompletedStep();
    }

    /// <summary>
    /// The VMM found no device at the address of the pending MMIO exit: the guest takes a synchronous external abort
    /// (DDI0487 D24.2.40, DFSC 0b010000) at the faulting virtual address, as on hardware where nothing decodes it.
    /// </summary>
    public void FailMmioAccess()
    {
        if (_owedAccess is null)
        {
            throw new InvalidOperationException($"vCPU {Index}: no MMIO access is pending");
        }

        _owedAccess = null;
        InjectAbort(isInstruction: false, _owedFaultAddress, FaultStatusCode.SynchronousExternalAbort);
        NoteAgentCompletedStep();
    }

    /// <summary>
    /// The VMM's scheduler moved this vCPU to another host thread (its "physical CPU"): the engine drops exactly the
    /// cached translations of the PRDA alias IPA (patents.md §3(b)); call on the new thread before <see cref="Run"/>.
    /// Returns the entries dropped.
    /// </summary>
    public int OnHostThreadChanged() => _engine?.FlushPrivatePage() ?? 0;

    /// <summary>WFE-channel YIELD: the pending flag is consumed and <see cref="Run"/> returns to whoever schedules this vCPU.</summary>
    internal void Yield()
    {
        Interlocked.Increment(ref _yields);
        _privateData?.ClearPending();
        _exitRequested = true;
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _privateData?.Dispose();
        _powerChanged.Dispose();
    }

    /// <summary>Creates the engine vCPU on first use and applies a pending power-on; false when the vCPU is off (it waited).</summary>
    private bool EnsureRunnable()
    {
        EnsureEngine();
        lock (_powerLock)
        {
            ApplyPendingBoot();
            if (_powerState == VcpuPowerState.On)
            {
                return true;
            }
        }

        // Off: a parked CPU costs no host CPU; CPU_ON or RequestExit wakes it.
        _powerChanged.Wait();
        return false;
    }

    private void EnsureEngine()
    {
        if (_engine is null)
        {
            Volatile.Write(ref _engine, _vm.Partition.CreateVcpu(Index, Mpidr));
            Interlocked.MemoryBarrier(); // see RequestExit
            if (_exitRequested)
            {
                _engine.RequestExit();
            }

            ConfigureAgents(_engine);
            AttachShadowPager(_engine);
            if (_vm.Configuration.PrivateData is { } prda)
            {
                // The alias: this vCPU's accesses to the one IPA reach its own page (patents.md §3(a) steps 1-4).
                _privateData = new Prda.PrivateDataArea(prda.Ipa, Index, Mpidr);
                _engine.MapPrivatePage(_privateData.Page, prda.Executable ? Stage2Permissions.All : Stage2Permissions.Read | Stage2Permissions.Write);
            }

            ApplyRestoredEngineState(_engine);
            _engine.SetPendingInterrupt(InterruptKind.Irq, _irqLevel);
            _engine.SetPendingInterrupt(InterruptKind.Fiq, _fiqLevel);
            _engine.Debugging.SingleStep = _singleStep;
        }
    }

    /// <summary>Applies a pending power-on to the engine vCPU (under the power lock).</summary>
    private void ApplyPendingBoot()
    {
        if (_bootPending)
        {
            ApplyBootState(_engine!, _bootEntry, _bootContext);
            _bootPending = false;
            _powerState = VcpuPowerState.On;
        }
    }

    private void ConfigureAgents(IVcpuEngine engine)
    {
        VmConfiguration config = _vm.Configuration;
        if (config.HasEl2Agent)
        {
            // EL1 is AArch64 (or AArch32 with RW = 0), stage 2 on, interrupts are virtual (delivered through the IRQ/FIQ inputs).
            ulong rw = config.El1AArch32 ? 0 : AgentRegisters.HcrRw;
            engine.SetSystemRegister(AgentRegisters.HcrEl2,
                rw | AgentRegisters.HcrVm | AgentRegisters.HcrImo | AgentRegisters.HcrFmo | ExtraHcrBits);
        }

        if (config.HasEl3Agent)
        {
            engine.SetSystemRegister(AgentRegisters.ScrEl3, AgentRegisters.ScrNs | AgentRegisters.ScrRw | ExtraScrBits);
        }
    }

    /// <summary>
    /// booting.rst "CPU mode": EL1h, DAIF masked, MMU and D-cache off; X0 = DTB (or context id), X1..X3 = 0. An AArch32
    /// EL1 starts as arm/booting.rst and QEMU's virt board start a Cortex-A15: SVC mode, A/I/F masked, MMU off, R0 = 0,
    /// R1 = ~0 (no machine number: DT boot), R2 = the DTB; a secondary started by PSCI CPU_ON gets R0 = context id.
    /// </summary>
    private void ApplyBootState(IVcpuEngine engine, ulong entry, ulong x0)
    {
        for (int i = 0; i <= 30; i++)
        {
            engine.SetRegister(Arm64Register.X0 + i, 0);
        }

        if (_vm.Configuration.El1AArch32)
        {
            // CPSR first: the SCTLR write then uses the AArch32 register's reset value and RES1 bits. PSCI DEN0022 §5.6
            // (CPU_ON, AArch32 entry): bit 0 of the entry address selects T32 (CPSR.T) and is cleared from the PC.
            bool thumb = (entry & 1) != 0;
            engine.SetRegister(Arm64Register.Cpsr, AgentRegisters.CpsrSvcMasked | (thumb ? 1ul << 5 : 0));
            engine.SetSystemRegister(AgentRegisters.SctlrEl1, AgentRegisters.SctlrAArch32Reset);
            bool primary = _bootWithDeviceTree;
            engine.SetRegister(Arm64Register.X0, primary ? 0 : x0);
            engine.SetRegister(Arm64Register.X1, primary ? 0xFFFF_FFFF : 0);
            engine.SetRegister(Arm64Register.X2, primary ? x0 : 0);
            engine.SetRegister(Arm64Register.Pc, entry & ~1ul);
            return;
        }

        engine.SetRegister(Arm64Register.X0, x0);
        engine.SetSystemRegister(AgentRegisters.SctlrEl1, AgentRegisters.SctlrEl1Reset);
        engine.SetRegister(Arm64Register.Cpsr, 0x3C5); // D, A, I, F set; M = EL1h
        engine.SetRegister(Arm64Register.Pc, entry);
    }

    private void SetInterruptLine(InterruptKind kind, bool level)
    {
        if (kind == InterruptKind.Irq)
        {
            _irqLevel = level;
        }
        else
        {
            _fiqLevel = level;
        }

        _engine?.SetPendingInterrupt(kind, level);
    }

    private ulong GetX(int register) => register == 31 ? 0 : _engine!.GetRegister(Arm64Register.X0 + register);

    private void SetX(int register, ulong value)
    {
        if (register != 31)
        {
            _engine!.SetRegister(Arm64Register.X0 + register, value);
        }
    }

    private void AdvancePc(ExceptionSyndrome syndrome) =>
        _engine!.SetRegister(Arm64Register.Pc, _engine.GetRegister(Arm64Register.Pc) + (ulong)syndrome.InstructionLength);

    private bool GuestAtEl0 => GuestExceptionLevel == 0;

    /// <summary>PSTATE.EL from CPSR/SPSR format: M[3:2] for AArch64; for AArch32 (M[4] = 1) User mode is EL0, the others EL1.</summary>
    private int GuestExceptionLevel
    {
        get
        {
            ulong cpsr = _engine!.GetRegister(Arm64Register.Cpsr);
            return (cpsr & 0x10) != 0 ? ((cpsr & 0x1F) == 0x10 ? 0 : 1) : (int)((cpsr >> 2) & 3);
        }
    }

    /// <summary>The guest runs in AArch32 state (CPSR.M[4] = 1).</summary>
    private bool GuestInAArch32 => (_engine!.GetRegister(Arm64Register.Cpsr) & 0x10) != 0;

    /// <summary>The guest takes UNDEFINED (EC 0x00) at EL1, e.g. for a trap no agent claims (DDI0487 D1.10.4).</summary>
    private void InjectUndefined() => _engine!.InjectException(ExceptionSyndrome.Create(ExceptionClass.Unknown, 0), 0);

    private void InjectAbort(bool isInstruction, ulong faultAddress, FaultStatusCode status)
    {
        ExceptionClass ec = (isInstruction, GuestAtEl0) switch
        {
            (true, true) => ExceptionClass.InstructionAbortLowerEl,
            (true, false) => ExceptionClass.InstructionAbortSameEl,
            (false, true) => ExceptionClass.DataAbortLowerEl,
            (false, false) => ExceptionClass.DataAbortSameEl,
        };
        _engine!.InjectException(ExceptionSyndrome.Create(ec, (uint)status), faultAddress);
    }
}
