using System.Diagnostics;
using Armvisor.Arm64;
using Armvisor.Engine;
using Armvisor.Memory;

namespace Armvisor.Bench.Harness;

/// <summary>
/// Runs a bare-metal guest on the engine the way <c>qemu-system-aarch64 -M virt -kernel guest.elf</c> does: RAM at
/// 0x40000000, vCPU 0 at EL1h with the MMU off and DAIF masked, a PL011 at 0x09000000 emulated from the stage-2
/// data-abort syndrome, and the virt board's PSCI answered on HVC (an EL2 agent, no EL3, so SMC is UNDEFINED as on
/// QEMU without a secure monitor).
/// </summary>
public sealed class BareMetalHarness
{
    public const ulong RamBase = 0x4000_0000;

    public const ulong DefaultRamSize = 256UL << 20;

    /// <summary>PSCI function identifiers (DEN0022 5.1).</summary>
    public const uint PsciVersion = 0x8400_0000;

    public const uint PsciSystemOff = 0x8400_0008;

    public const uint PsciSystemReset = 0x8400_0009;

    /// <summary>PSCI 1.1, what QEMU's virt firmware reports.</summary>
    public const ulong PsciVersionValue = 0x0001_0001;

    /// <summary>SPSR value of the entry state: M = EL1h, DAIF masked (DDI0487 C5.2.18).</summary>
    private const ulong EntryPstate = 0x3C5;

    /// <summary>MPIDR_EL1 of vCPU 0 on the virt board: Aff0 = 0, bit 31 RES1.</summary>
    private const ulong Vcpu0Mpidr = 0x8000_0000;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Func<PartitionOptions, IEnginePartition> _engineFactory;

    /// <param name="engineFactory">Builds the engine partition (production: <see cref="EngineFactory.Create"/>).</param>
    public BareMetalHarness(Func<PartitionOptions, IEnginePartition> engineFactory) => _engineFactory = engineFactory;

    public BareMetalHarness() : this(EngineFactory.Create) { }

    /// <summary>RAM size mapped at <see cref="RamBase"/>.</summary>
    public ulong RamSize { get; init; } = DefaultRamSize;

    /// <summary>Loads <paramref name="image"/>, runs it to the end and returns the outcome; <paramref name="inspect"/> sees RAM afterwards.</summary>
    public HarnessResult Run(GuestImage image, HarnessOptions options, Action<GuestRam>? inspect = null)
    {
        using IEnginePartition partition = _engineFactory(new PartitionOptions(HasEl2: true, HasEl3: false, Deterministic: true));
        using var ram = new GuestRam(new GuestPhysicalAddress(RamBase), RamSize);
        image.LoadInto(ram);
        partition.MapRam(ram, Stage2Permissions.All);
        using IVcpuEngine vcpu = partition.CreateVcpu(0, Vcpu0Mpidr);
        vcpu.SetRegister(Arm64Register.Pc, image.Entry);
        vcpu.SetRegister(Arm64Register.Cpsr, EntryPstate);

        var console = new Pl011Console(options.Console);
        var clock = Stopwatch.StartNew();
        using var poll = new Timer(_ => vcpu.RequestExit(), null, PollInterval, PollInterval);
        var session = new RunSession(vcpu, console, options);
        HarnessOutcome outcome;
        string? diagnostic;
        while (true)
        {
            EngineExit exit = vcpu.Run();
            (HarnessOutcome? end, string? why) = session.Handle(exit);
            if (end is not null)
            {
                outcome = end.Value;
                diagnostic = why;
                break;
            }

            if (vcpu.InstructionsRetired >= options.InstructionBudget || clock.Elapsed >= options.EffectiveWallClockLimit)
            {
                outcome = HarnessOutcome.TimedOut;
                diagnostic = $"limit reached after {vcpu.InstructionsRetired} instructions, {clock.Elapsed.TotalSeconds:F1} s, PC 0x{vcpu.GetRegister(Arm64Register.Pc):X}";
                break;
            }
        }

        clock.Stop();
        inspect?.Invoke(ram);
        return new HarnessResult(outcome, console.Output, vcpu.InstructionsRetired, clock.Elapsed, diagnostic);
    }

    /// <summary>The exit handling of one run: the hypervisor side of a minimal virt board.</summary>
    private sealed class RunSession(IVcpuEngine vcpu, Pl011Console console, HarnessOptions options)
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
                case PsciVersion:
                    vcpu.SetRegister(Arm64Register.X0, PsciVersionValue);
                    return (null, null);
                case PsciSystemOff:
                    return (HarnessOutcome.PoweredOff, null);
                case PsciSystemReset:
                    return (HarnessOutcome.Reset, null);
                default:
                    return (HarnessOutcome.Stopped, $"unhandled HVC function 0x{function:X8} ({exit})");
            }
        }
    }
}
