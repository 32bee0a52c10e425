using Armvisor.Arm64;
using Armvisor.Engine;

namespace Armvisor.Bench.Harness;

/// <summary>The exit handling of one run: the hypervisor side of a minimal virt board.</summary>
internal sealed class HarnessExitHandler(IVcpuEngine vcpu, Pl011Console console, HarnessOptions options)
{
    public (HarnessOutcome? End, string? Diagnostic) Handle(EngineExit exit)
    {
        switch (exit.Reason)
        {
            case EngineExitReason.Canceled:
                return (null, null);
            case EngineExitReason.TimerActivated:
                // No interrupt controller here: keep the timer from exiting again until the guest reprograms it.
                vcpu.SetTimerMask(exit.Timer, true);
                return (null, null);
            case EngineExitReason.Exception:
                return HandleException(exit);
            default:
                return (HarnessOutcome.Stopped, $"unknown exit {exit}");
        }
    }

    private (HarnessOutcome?, string?) HandleException(EngineExit exit)
    {
        ExceptionSyndrome esr = exit.Syndrome;
        switch (esr.Class)
        {
            case ExceptionClass.DataAbortLowerEl when exit.TargetExceptionLevel == 2:
                return HandleDataAbort(exit);
            case ExceptionClass.Hvc64:
                return HandlePsci(exit);
            default:
                return (HarnessOutcome.Stopped, $"unhandled {exit} at PC 0x{vcpu.GetRegister(Arm64Register.Pc):X}");
        }
    }

    /// <summary>MMIO from the syndrome (DDI0487 D24.2.40, ISS for a Data Abort: ISV, SAS, SSE, SRT, SF, WnR).</summary>
    private (HarnessOutcome?, string?) HandleDataAbort(EngineExit exit)
    {
        ulong ipa = exit.FaultIpa.Value;
        DataAbortIss iss = exit.Syndrome.DataAbort;
        ulong pc = vcpu.GetRegister(Arm64Register.Pc);
        if (!Pl011Console.Contains(ipa))
        {
            return options.InjectExternalAbortOnUnmapped
                ? InjectExternalAbort(exit)
                : (HarnessOutcome.Stopped, $"access to unmapped IPA 0x{ipa:X} at PC 0x{pc:X}: {exit}");
        }

        if (!iss.IsValid)
        {
            return (HarnessOutcome.Stopped, $"UART access without a valid syndrome (ISV=0) at PC 0x{pc:X}: {exit}");
        }

        ulong offset = ipa - Pl011Console.Base;
        if (iss.IsWrite)
        {
            ulong value = iss.Register == 31 ? 0 : vcpu.GetRegister(Arm64Register.X0 + iss.Register);
            console.Write(offset, value);
        }
        else if (iss.Register != 31)
        {
            ulong value = Extend(console.Read(offset), iss);
            vcpu.SetRegister(Arm64Register.X0 + iss.Register, value);
        }

        vcpu.SetRegister(Arm64Register.Pc, pc + 4);
        return (null, null);
    }

    private static ulong Extend(uint raw, DataAbortIss iss)
    {
        int bits = (int)iss.Size * 8;
        ulong value = bits == 64 ? raw : raw & ((1UL << bits) - 1);
        if (iss.SignExtend && bits < 64 && (value >> (bits - 1) & 1) != 0)
        {
            value |= ~0UL << bits;
        }

        return iss.Is64BitRegister ? value : value & 0xFFFF_FFFF;
    }

    /// <summary>What QEMU's virt board does for an unassigned address: a synchronous external abort taken to EL1 (DFSC 0x10).</summary>
    private (HarnessOutcome?, string?) InjectExternalAbort(EngineExit exit)
    {
        bool fromEl0 = ((vcpu.GetRegister(Arm64Register.Cpsr) >> 2) & 3) == 0;
        uint iss = (uint)FaultStatusCode.SynchronousExternalAbort | (exit.Syndrome.DataAbort.IsWrite ? 1u << 6 : 0);
        var syndrome = ExceptionSyndrome.Create(fromEl0 ? ExceptionClass.DataAbortLowerEl : ExceptionClass.DataAbortSameEl, iss);
        vcpu.InjectException(syndrome, exit.FaultVirtualAddress);
        return (null, null);
    }

    /// <summary>PSCI over HVC as QEMU's virt firmware answers it (DEN0022; SMCCC: function id in W0, result in X0).</summary>
    private (HarnessOutcome?, string?) HandlePsci(EngineExit exit)
    {
        uint function = (uint)vcpu.GetRegister(Arm64Register.X0);
        switch (function)
        {
            case BareMetalHarness.PsciVersion:
                vcpu.SetRegister(Arm64Register.X0, BareMetalHarness.PsciVersionValue);
                return (null, null);
            case BareMetalHarness.PsciSystemOff:
                return (HarnessOutcome.PoweredOff, null);
            case BareMetalHarness.PsciSystemReset:
                return (HarnessOutcome.Reset, null);
            default:
                return (HarnessOutcome.Stopped, $"unhandled HVC function 0x{function:X8} ({exit})");
        }
    }
}
