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
        var session = new HarnessExitHandler(vcpu, console, options);
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
}
