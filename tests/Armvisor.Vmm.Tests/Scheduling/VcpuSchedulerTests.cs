using Armvisor.Vmm.Scheduling;

namespace Armvisor.Vmm.Tests.Scheduling;

/// <summary>
/// The M:N scheduler on a real machine (patents.md §3, hypervisor level): 2 vCPUs on 1 host thread. The guest (raw
/// code, MMU off) starts CPU 1 with PSCI CPU_ON, then each vCPU writes nonPreemptDepth = 1 into its PRDA through the
/// alias IPA and spins forever: a guest non-preemptible forever.
/// </summary>
public sealed class VcpuSchedulerTests : IDisposable
{
    // mrs x1, mpidr_el1; and x1, x1, #0xff; cbnz x1, 1f; x0 = CPU_ON_64, x1 = 1, x2 = 0x40000000, x3 = 0; hvc #0
    // 1: movz x5, #0x090C, lsl 16; mov w6, #depth; str w6, [x5, #0x18]; 2: add x7, x7, #1; b 2b
    private static uint[] Program(uint depth) =>
    [
        0xd53800a1, 0x92401c21, 0xb50000e1, 0xd2800060, 0xf2b88000, 0xd2800021, 0xd2a80002, 0xd2800003,
        0xd4000002, 0xd2a12185, 0x52800006 | (depth << 5), 0xb90018a6, 0x910004e7, 0x17ffffff,
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-sched-").FullName;

    /// <summary>
    /// Runs the guest until <paramref name="enough"/> holds for the live statistics (or 60 s: a loaded host starts the
    /// machine slowly, so no fixed run time is long enough), then stops it; the statistics at the stop.
    /// </summary>
    private VcpuSchedulerStatistics Run(uint depth, bool deferral, Func<VcpuSchedulerStatistics, Machine, bool> enough, out Machine machine)
    {
        string file = Path.Combine(_directory, "spin.bin");
        File.WriteAllBytes(file, Program(depth).SelectMany(BitConverter.GetBytes).ToArray());
        Machine m = machine = Machine.Create(new MachineConfiguration
        {
            Loaders = [new LoaderConfiguration(file, 0x4000_0000)],
            Cpus = 2,
            MemoryBytes = 64UL << 20,
            Serial = new SerialConfiguration(SerialBackendKind.None),
            HostThreads = 1,
            TimeSlice = TimeSpan.FromMilliseconds(2),
            PreemptGrace = TimeSpan.FromMilliseconds(3),
            PreemptionDeferral = deferral,
            Timeout = TimeSpan.FromSeconds(60),
        }, MachineRunner.DefaultEngine);
        GuestOutcome? outcome = null;
        var run = new Thread(() => outcome = m.Run()) { IsBackground = true };
        run.Start();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (run.IsAlive && clock.Elapsed < TimeSpan.FromSeconds(60)
               && !(m.SchedulerStatistics is { } live && enough(live, m)))
        {
            Thread.Sleep(20);
        }

        m.Stop(GuestOutcome.UserQuit, "test");
        Assert.True(run.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(GuestOutcome.UserQuit, outcome);
        return m.SchedulerStatistics!;
    }

    private static bool BothVcpusRan(Machine m) => m.Vm.Vcpus.All(v => v.InstructionsRetired > 1000);

    [Fact]
    public void Run_NonPreemptibleForever_PreemptedAfterGraceCountedOnBothVcpus()
    {
        VcpuSchedulerStatistics s = Run(depth: 1, deferral: true,
            (_, m) => BothVcpusRan(m) && m.Vm.Vcpus.All(v => v.PrivateData!.ForcedPreemptions > 0 && v.PrivateData.Deferrals > 0), out Machine machine);
        using (machine)
        {
            Assert.True(s.Deferrals > 0 && s.ForcedPreemptions > 0, s.ToString());
            // Once a vCPU has entered its non-preemptible section no slice end preempts it plainly; the only plain
            // preemption it may see is of its first slice, if that ends (2 ms, a loaded host, code being
            // translated) before the guest's first instructions raise the PRDA depth. A scheduler that ignored the
            // depth would preempt plainly at every slice end, hundreds of times here.
            Assert.True(s.Preemptions <= machine.Vm.Vcpus.Count, s.ToString());
            // Both vCPUs got the one host thread in turn, and each saw its deferral in its own PRDA.
            Assert.All(machine.Vm.Vcpus, v => Assert.True(v.PrivateData!.ForcedPreemptions > 0 && v.PrivateData.Deferrals > 0, $"vCPU {v.Index}: {s}"));
            Assert.All(machine.Vm.Vcpus, v => Assert.True(v.InstructionsRetired > 1000, $"vCPU {v.Index} starved: {s}"));
        }
    }

    [Fact]
    public void Run_DeferralOff_PreemptsAtSliceEndNeverDefers()
    {
        VcpuSchedulerStatistics s = Run(depth: 1, deferral: false, (live, m) => BothVcpusRan(m) && live.Preemptions > 4, out Machine machine);
        using (machine)
        {
            Assert.True(s.Preemptions > 0, s.ToString());
            Assert.Equal(0, s.Deferrals);
            Assert.Equal(0, s.ForcedPreemptions);
            Assert.All(machine.Vm.Vcpus, v => Assert.False(v.PrivateData!.PreemptPending));
        }
    }

    [Fact]
    public void Run_Preemptible_SwitchesEverySliceAndMovesNoAliasAcrossVcpus()
    {
        VcpuSchedulerStatistics s = Run(depth: 0, deferral: true, (live, m) => BothVcpusRan(m) && live.Preemptions > 4 && live.Slices > 4, out Machine machine);
        using (machine)
        {
            Assert.True(s.Preemptions > 0 && s.Slices > 2, s.ToString());
            Assert.Equal(0, s.Deferrals);
            Assert.All(machine.Vm.Vcpus, v => Assert.Equal((ulong)v.Index, v.PrivateData!.Read64(Core.Prda.PrdaLayout.CpuId)));
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
