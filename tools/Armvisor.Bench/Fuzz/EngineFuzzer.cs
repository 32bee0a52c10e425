using System.Buffers.Binary;
using System.Diagnostics;
using Armvisor.Arm64;
using Armvisor.Bench.Differential;
using Armvisor.Engine;
using Armvisor.Memory;

namespace Armvisor.Bench.Fuzz;

/// <summary>
/// Executes random 32-bit words at EL0 and EL1 on the engine, through its public contract only, and records every host
/// exception (issue 2: "one million random 32-bit words ... without a host exception"). Each word runs alone: the vCPU
/// is reset (registers pointing into RAM, VBAR at a table of <c>HVC #2</c>, MMU off or an identity map), the word is
/// placed at a fresh address followed by <c>HVC #1</c>, and the run ends at the first exit. WFI/WFE trap to EL2
/// (HCR_EL2.TWI/TWE) so no word can sleep; a word that loops is stopped by <see cref="IVcpuEngine.RequestExit"/>.
/// </summary>
public sealed class EngineFuzzer(Func<PartitionOptions, IEnginePartition> engineFactory)
{
    private const ulong RamBase = 0x4000_0000;
    private const ulong RamSize = 16UL << 20;
    private const ulong Vectors = RamBase + 0x2000;
    private const ulong Tables = RamBase + 0x3000;
    private const ulong Data = RamBase + 0x10_0000;
    private const ulong DataSize = 0x10_0000;
    private const ulong Code = RamBase + 0x40_0000;
    private const int Slots = 0x40_0000 / 8;
    private const uint HvcDone = 0xD400_0022;      // HVC #1: the word completed
    private const uint HvcException = 0xD400_0042; // HVC #2: the word raised an exception to EL1
    private const uint SvcDone = 0xD400_0021;      // SVC #1: an EL0 word completed (HVC is UNDEFINED at EL0)
    private static readonly TimeSpan CaseLimit = TimeSpan.FromMilliseconds(20);

    // System registers (DDI0487 D17.2) the fuzzer resets for every word.
    private static readonly SystemRegisterEncoding Sctlr = new(3, 0, 1, 0, 0);
    private static readonly SystemRegisterEncoding Cpacr = new(3, 0, 1, 0, 2);
    private static readonly SystemRegisterEncoding Ttbr0 = new(3, 0, 2, 0, 0);
    private static readonly SystemRegisterEncoding Tcr = new(3, 0, 2, 0, 2);
    private static readonly SystemRegisterEncoding Mair = new(3, 0, 10, 2, 0);
    private static readonly SystemRegisterEncoding Vbar = new(3, 0, 12, 0, 0);
    private static readonly SystemRegisterEncoding Hcr = new(3, 4, 1, 1, 0);
    private static readonly SystemRegisterEncoding Esr = new(3, 0, 5, 2, 0);

    /// <summary>SCTLR_EL1 RES1 bits (DDI0487 D17.2.118); with M, C, I for the identity-map runs.</summary>
    private const ulong SctlrOff = 0x30D0_0800;
    private const ulong SctlrOn = 0x30D0_1805;

    /// <summary>HCR_EL2.TWI (bit 13) and TWE (bit 14): WFI and WFE exit to the agent instead of sleeping.</summary>
    private const ulong HcrTrapWfx = (1UL << 13) | (1UL << 14);

    public FuzzReport Run(long count, ulong seed, TextWriter? progress = null)
    {
        var report = new FuzzReport(seed);
        for (long first = 0; first < count; first += Slots)
        {
            RunPartition(first, (int)Math.Min(Slots, count - first), seed, report);
            progress?.WriteLine($"fuzz: {report.Words}/{count} words, {report.HostExceptions.Count} host exceptions");
        }

        return report;
    }

    private void RunPartition(long first, int count, ulong seed, FuzzReport report)
    {
        using IEnginePartition partition = engineFactory(new PartitionOptions(HasEl2: true, HasEl3: false, Deterministic: true));
        using var ram = new GuestRam(new GuestPhysicalAddress(RamBase), RamSize);
        for (int v = 0; v < 16; v++)
        {
            ram.Write(new GuestPhysicalAddress(Vectors + ((ulong)v * 0x80)), HvcException);
        }

        // Identity map: level-1 blocks, 0-1 GB Device, 1-2 GB Normal (AP = 00: an EL0-writable block would be PXN for EL1,
        // DDI0487 D8.4.1.2, and the vectors could not run).
        ram.Write(new GuestPhysicalAddress(Tables), 0x0060_0000_0000_0401UL);
        ram.Write(new GuestPhysicalAddress(Tables + 8), 0x0000_0000_4000_0705UL);
        partition.MapRam(ram, Stage2Permissions.All);
        using IVcpuEngine vcpu = partition.CreateVcpu(0, 0x8000_0000);
        using var poll = new Timer(_ => vcpu.RequestExit(), null, CaseLimit, CaseLimit);
        var clock = new Stopwatch();
        for (int i = 0; i < count; i++)
        {
            long index = first + i;
            var rng = new SplitMix64(SplitMix64.CaseSeed(seed, index));
            uint word = (uint)rng.Next();
            bool el0 = (index & 1) != 0;
            bool mmu = (index & 2) != 0;
            ulong code = Code + ((ulong)i * 8);
            ram.Write(new GuestPhysicalAddress(code), word);
            ram.Write(new GuestPhysicalAddress(code + 4), el0 ? SvcDone : HvcDone);
            report.Words++;
            try
            {
                Reset(vcpu, ref rng, code, el0, mmu);
                report.Count($"{RunOne(vcpu, clock)} at EL{(el0 ? 0 : 1)}");
            }
#pragma warning disable CA1031 // The fuzzer's purpose is to catch every host exception the engine lets escape.
            catch (Exception e)
#pragma warning restore CA1031
            {
                report.Count("host exception");
                report.HostExceptions.Add($"case {index} word 0x{word:X8} at EL{(el0 ? 0 : 1)} MMU {(mmu ? "on" : "off")}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private static void Reset(IVcpuEngine vcpu, ref SplitMix64 rng, ulong code, bool el0, bool mmu)
    {
        vcpu.SetSystemRegister(Hcr, HcrTrapWfx);
        vcpu.SetSystemRegister(Vbar, Vectors);
        vcpu.SetSystemRegister(Cpacr, 3UL << 20);
        vcpu.SetSystemRegister(Mair, 0xFF00);
        vcpu.SetSystemRegister(Tcr, 0x80_3519);
        vcpu.SetSystemRegister(Ttbr0, Tables);
        vcpu.SetSystemRegister(Sctlr, mmu ? SctlrOn : SctlrOff);
        for (int r = 0; r < 31; r++)
        {
            ulong value = rng.Below(4) == 0 ? rng.Next() : Data + rng.Below(DataSize);
            vcpu.SetRegister(Arm64Register.X0 + r, value);
        }

        vcpu.SetRegister(Arm64Register.Fpcr, rng.Below(32) << 22);
        vcpu.SetRegister(Arm64Register.Fpsr, 0);
        // EL0t or EL1h, DAIF masked, random NZCV (SPSR format, DDI0487 C5.2.18).
        vcpu.SetRegister(Arm64Register.Cpsr, (rng.Below(16) << 28) | 0x3C0 | (el0 ? 0UL : 5UL));
        vcpu.SetRegister(Arm64Register.Pc, code);
    }

    private static string RunOne(IVcpuEngine vcpu, Stopwatch clock)
    {
        clock.Restart();
        while (true)
        {
            EngineExit exit = vcpu.Run();
            switch (exit.Reason)
            {
                case EngineExitReason.Canceled when clock.Elapsed < CaseLimit:
                    continue;
                case EngineExitReason.Canceled:
                    return "stopped (loop)";
                case EngineExitReason.TimerActivated:
                    vcpu.SetTimerMask(exit.Timer, true);
                    continue;
            }

            ExceptionSyndrome esr = exit.Syndrome;
            return esr.Class switch
            {
                ExceptionClass.Hvc64 when (esr.Iss & 0xFFFF) == 1 => "completed",
                ExceptionClass.Hvc64 when (esr.Iss & 0xFFFF) == 2 => vcpu.GetSystemRegister(Esr) == 0x5600_0001 ? "completed" : "exception to EL1",
                ExceptionClass.Hvc64 => "HVC from the word",
                ExceptionClass.DataAbortLowerEl or ExceptionClass.InstructionAbortLowerEl => "stage-2 abort",
                ExceptionClass.WfiWfe => "WFI/WFE trapped",
                _ => $"exit EC 0x{(byte)esr.Class:X2}",
            };
        }
    }
}
