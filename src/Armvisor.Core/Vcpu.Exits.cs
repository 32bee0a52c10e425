using Armvisor.Arm64;
using Armvisor.Engine;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core;

/// <summary>The core's dispatch of engine exits: a switch on the exception class (vmm-style.md §7.3).</summary>
public sealed partial class Vcpu
{
    /// <summary>CNTV_CTL_EL0 (DDI0487 D24.11.17).</summary>
    private static readonly SystemRegisterEncoding CntvCtlEl0 = new(3, 3, 14, 3, 1);

    /// <summary>CNTP_CTL_EL0 (DDI0487 D24.11.12).</summary>
    private static readonly SystemRegisterEncoding CntpCtlEl0 = new(3, 3, 14, 2, 1);

    private bool _virtualTimerMasked;
    private bool _physicalTimerMasked;
    private bool _pmuInterruptMasked;

    /// <summary>HCR_EL2 bits the core's features add: TWE for the WFE channel (patents.md §1(a) step 1).</summary>
    private ulong ExtraHcrBits => (_vm.HypervisorChannel is not null ? AgentRegisters.HcrTwe : 0)
        | (_vm.ShadowPools.Count > 0 ? AgentRegisters.HcrTvm | AgentRegisters.HcrTtlb : 0);

    /// <summary>SCR_EL3 bits the secure monitor's features add: TWE when it answers the WFE channel.</summary>
    private ulong ExtraScrBits => _vm.MonitorChannel is not null ? AgentRegisters.ScrTwe : 0;

    /// <summary>Trapped WFEs that the channel consumed or that waited, for tests and statistics.</summary>
    public long WfeTraps { get; private set; }

    /// <summary>
    /// A trapped WFE (EC 0x01, TI=1) at the agent of <paramref name="channel"/>: a matching request is consumed — the
    /// WFE is skipped and the response written (patents.md §1(a) step 4); anything else keeps the architectural
    /// meaning: the vCPU waits for an event without burning a host core, then steps past the WFE (step 6).
    /// A trapped WFI waits for an interrupt the same way.
    /// </summary>
    private VmExit? HandleWaitTrap(EngineExit exit, WfeChannel.WfeChannelAgent? channel)
    {
        WfeTraps++;
        if (exit.Syndrome.Wfx.IsWfe && channel is not null)
        {
            int el = GuestExceptionLevel;
            var request = new WfeChannel.WfeRegisters(GetX(0), GetX(1), GetX(2), GetX(3));
            bool aarch32 = GuestInAArch32;
            if (aarch32)
            {
                // AArch32: R0-R3 carry the low word of the request magic and 32-bit arguments (docs/wfe-channel.md).
                if ((uint)request.X0 != WfeChannel.WfeChannelAbi.RequestMagic32)
                {
                    request = request with { X0 = 0 };
                }
                else
                {
                    request = new WfeChannel.WfeRegisters(WfeChannel.WfeChannelAbi.RequestMagic, (uint)request.X1, (uint)request.X2, (uint)request.X3);
                }
            }

            if (channel.TryHandle(Index, el, request, _vm.Ram, out WfeChannel.WfeRegisters response))
            {
                if (aarch32)
                {
                    response = new WfeChannel.WfeRegisters(WfeChannel.WfeChannelAbi.ResponseMagic32, (uint)response.X1, (uint)response.X2, (uint)response.X3);
                }

                _logger.LogTrace("vCPU {Index}: WFE-channel command {Command} from EL{El}: status {Status}", Index, request.X1, el, response.X1);
                SetX(0, response.X0);
                SetX(1, response.X1);
                SetX(2, response.X2);
                SetX(3, response.X3);
                AdvancePc(exit.Syndrome);
                return null;
            }
        }

        _engine!.WaitForEvent();
        AdvancePc(exit.Syndrome);
        return null;
    }

    /// <summary>
    /// A timer's output rose: drive its PPI and mask further activations until the guest has handled it (the same
    /// contract as HVF's vtimer mask). <see cref="ResyncTimers"/> lowers the PPI once the condition is gone.
    /// </summary>
    private VmExit? HandleTimer(GenericTimerKind timer)
    {
        _vm.InterruptController.SetTimerLevel(Index, timer, true);
        _engine!.SetTimerMask(timer, true);
        if (timer == GenericTimerKind.Virtual)
        {
            _virtualTimerMasked = true;
        }
        else
        {
            _physicalTimerMasked = true;
        }

        return null;
    }

    /// <summary>PMUIRQ asserted: raise the PMU PPI and mask the request until the guest clears the overflow (like the timers).</summary>
    private VmExit? HandlePerformanceMonitorsOverflow()
    {
        _vm.InterruptController.SetPerformanceMonitorsLevel(Index, true);
        _engine!.SetPerformanceMonitorsInterruptMask(true);
        _pmuInterruptMasked = true;
        return null;
    }

    /// <summary>Lowers the PMU PPI and unmasks the request once the guest has cleared it (PMOVSCLR, PMINTENCLR or PMCR_EL0.E).</summary>
    private void ResyncPerformanceMonitorsInterrupt()
    {
        if (!_engine!.PerformanceMonitorsInterruptRequested)
        {
            _pmuInterruptMasked = false;
            _vm.InterruptController.SetPerformanceMonitorsLevel(Index, false);
            _engine.SetPerformanceMonitorsInterruptMask(false);
        }
    }

    /// <summary>Lowers a masked timer's PPI and unmasks it once CTL says ENABLE=0, IMASK=1 or ISTATUS=0 (DDI0487 D11.2.4).</summary>
    private void ResyncTimers()
    {
        if (_virtualTimerMasked && !TimerOutputHigh(CntvCtlEl0))
        {
            _virtualTimerMasked = false;
            _vm.InterruptController.SetTimerLevel(Index, GenericTimerKind.Virtual, false);
            _engine!.SetTimerMask(GenericTimerKind.Virtual, false);
        }

        if (_physicalTimerMasked && !TimerOutputHigh(CntpCtlEl0))
        {
            _physicalTimerMasked = false;
            _vm.InterruptController.SetTimerLevel(Index, GenericTimerKind.Physical, false);
            _engine!.SetTimerMask(GenericTimerKind.Physical, false);
        }
    }

    private bool TimerOutputHigh(SystemRegisterEncoding control)
    {
        ulong ctl = _engine!.GetSystemRegister(control);
        return (ctl & 0b101) == 0b101 && (ctl & 0b010) == 0; // ENABLE, ISTATUS, !IMASK
    }

    private VmExit? HandleEl2Exception(EngineExit exit)
    {
        ExceptionSyndrome syndrome = exit.Syndrome;
        switch (syndrome.Class)
        {
            case ExceptionClass.DataAbortLowerEl when syndrome.DataAbort.IsValid:
                return MmioExit(exit);
            case ExceptionClass.DataAbortLowerEl:
            case ExceptionClass.InstructionAbortLowerEl:
                // A stage-2 abort the core cannot emulate (no valid syndrome, or execution from device space): the
                // guest gets a synchronous external abort at the faulting address.
                InjectAbort(syndrome.Class == ExceptionClass.InstructionAbortLowerEl, exit.FaultVirtualAddress,
                    FaultStatusCode.SynchronousExternalAbort);
                return Fault(exit, "stage-2 abort without an emulatable syndrome");
            case ExceptionClass.Hvc64:
            case ExceptionClass.Hvc32:
                // HVC's preferred return is the next instruction; SMCCC requires imm16 = 0 (DEN0028 §2.8).
                return (syndrome.Iss & 0xFFFF) == 0
                    ? CompleteSmccc(viaSecureMonitor: false)
                    : ReturnToGuest(SmcccResult.NotSupported);
            case ExceptionClass.TrappedMsrMrs:
                return HandleSystemRegisterTrap(exit);
            case ExceptionClass.McrMrcCp15 when _shadowPager is not null && !IsInterruptControllerCp15(exit.Syndrome.Iss):
                return HandleShadowedCp15Write(exit);
            case ExceptionClass.McrMrcCp15:
            case ExceptionClass.McrrMrrcCp15:
                return HandleCp15Trap(exit);
            case ExceptionClass.WfiWfe:
                return HandleWaitTrap(exit, _vm.HypervisorChannel);
            default:
                InjectUndefined();
                return Fault(exit, "trap not claimed by the hypervisor core");
        }
    }

    private VmExit? HandleEl3Exception(EngineExit exit)
    {
        if (exit.Syndrome.Class is ExceptionClass.Smc64 or ExceptionClass.Smc32)
        {
            return CompleteSmccc(viaSecureMonitor: true);
        }

        if (exit.Syndrome.Class == ExceptionClass.WfiWfe)
        {
            return HandleWaitTrap(exit, _vm.MonitorChannel);
        }

        InjectUndefined();
        return Fault(exit, "trap not claimed by the secure monitor");
    }

    private VmExit? MmioExit(EngineExit exit)
    {
        DataAbortIss iss = exit.Syndrome.DataAbort;
        _owedSyndrome = exit.Syndrome;
        _owedFaultAddress = exit.FaultVirtualAddress;
        if (iss.IsWrite)
        {
            ulong value = GetX(iss.Register);
            if ((int)iss.Size < 8)
            {
                value &= (1UL << ((int)iss.Size * 8)) - 1;
            }

            _owedAccess = new MmioWriteExit(exit.FaultIpa, iss.Size, value);
        }
        else
        {
            _owedAccess = new MmioReadExit(exit.FaultIpa, iss.Size);
        }

        return _owedAccess;
    }

    private VmExit? CompleteSmccc(bool viaSecureMonitor)
    {
        uint function = (uint)GetX(0);
        SmcccResult result = viaSecureMonitor
            ? _vm.SecureMonitor.HandleSmc(this, function, GetX(1), GetX(2), GetX(3))
            : _vm.Psci.Handle(this, function, GetX(1), GetX(2), GetX(3));
        return ReturnToGuest(result);
    }

    private VmExit? ReturnToGuest(SmcccResult result)
    {
        SetX(0, result.X0);
        SetX(1, result.X1);
        SetX(2, result.X2);
        SetX(3, result.X3);
        if (result.Event is { } systemEvent)
        {
            return new SystemEventExit(systemEvent, systemEvent == SystemEvent.PowerOff ? "PSCI SYSTEM_OFF" : "PSCI SYSTEM_RESET");
        }

        return null;
    }

    private VmExit? HandleSystemRegisterTrap(EngineExit exit)
    {
        SysRegIss iss = exit.Syndrome.SysReg;
        ulong value = iss.IsRead ? 0 : GetX(iss.Register);
        if (!_vm.InterruptController.TryAccessSystemRegister(Index, iss.Encoding, iss.IsRead, ref value))
        {
            InjectUndefined();
            return Fault(exit, $"System register {iss.Encoding} trapped and not emulated");
        }

        if (iss.IsRead)
        {
            SetX(iss.Register, value);
        }
        else if (IsSgiGeneration(iss.Encoding))
        {
            _vm.SignalSgiTargets(Index, value);
        }

        AdvancePc(exit.Syndrome);
        ResyncTimers();
        return null;
    }

    /// <summary>
    /// A trapped AArch32 MCR/MRC or MCRR/MRRC p15 (EC 0x03/0x04): the GICv3 CPU interface through its AArch32 encodings
    /// (IHI0069 §12.1; ICC_IAR1 is p15, 0, c12, c12, 0; ICC_SGI1R is MCRR p15, 0, c12) is emulated as the ICC_*_EL1
    /// register the encoding is mapped to, a 64-bit MCRR value being Rt2:Rt. Anything else the guest gets UNDEFINED.
    /// </summary>
    /// <summary>
    /// The GICv3 CPU interface in CP15 (DDI0487 G8.2; IHI0069 12.1): CRn = c12, and ICC_PMR at c4, c6. These go to the
    /// vGIC even when the DACR virtualization traps the guest's translation registers (EC 0x03 ISS: CRn [13:10], CRm [4:1]).
    /// </summary>
    private static bool IsInterruptControllerCp15(uint iss)
    {
        uint crn = (iss >> 10) & 0xF;
        return crn == 12 || (crn == 4 && ((iss >> 1) & 0xF) == 6);
    }

    private VmExit? HandleCp15Trap(EngineExit exit)
    {
        var iss = new CoprocessorIss(exit.Syndrome.Iss, IsTwoRegister: exit.Syndrome.Class == ExceptionClass.McrrMrrcCp15);
        SystemRegisterEncoding? encoding = AArch32SystemRegisterMap.FindCp15(iss);
        ulong value = iss.IsRead ? 0 : (GetX(iss.Register) & 0xFFFF_FFFF) | (iss.IsTwoRegister ? GetX(iss.Register2) << 32 : 0);
        if (encoding is not { } register || !_vm.InterruptController.TryAccessSystemRegister(Index, register, iss.IsRead, ref value))
        {
            InjectUndefined();
            return Fault(exit, $"AArch32 CP15 access (opc1 {iss.Opc1}, CRn {iss.CRn}, CRm {iss.CRm}, opc2 {iss.Opc2}) trapped and not emulated");
        }

        if (iss.IsRead)
        {
            SetX(iss.Register, value & 0xFFFF_FFFF);
            if (iss.IsTwoRegister)
            {
                SetX(iss.Register2, value >> 32);
            }
        }
        else if (IsSgiGeneration(register))
        {
            _vm.SignalSgiTargets(Index, value);
        }

        AdvancePc(exit.Syndrome);
        ResyncTimers();
        return null;
    }

    /// <summary>ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: op0=3 op1=0 CRn=12 CRm=11 op2=5..7 (IHI0069 §12.2).</summary>
    private static bool IsSgiGeneration(SystemRegisterEncoding encoding) =>
        encoding is { Op0: 3, Op1: 0, CRn: 12, CRm: 11, Op2: >= 5 and <= 7 };

    private GuestFaultExit Fault(EngineExit exit, string description)
    {
        ulong pc = _engine!.GetRegister(Arm64Register.Pc);
        _logger.LogDebug("vCPU {Index}: {Description}: {Exit}", Index, description, exit);
        return new GuestFaultExit(exit.Syndrome, pc, description);
    }
}
