namespace Armvisor.Vmm.Tests.Snapshots;

/// <summary>The same round trip and pause on the M:N scheduler (<c>--host-threads</c>): its host threads park at the gate.</summary>
public sealed partial class SnapshotRoundTripTests
{
    private static MachineConfiguration Scheduled(MachineConfiguration configuration) => configuration with
    {
        HostThreads = 1,
        TimeSlice = TimeSpan.FromMilliseconds(2),
    };

    [Fact]
    public void Restore_DeterministicCounterGuestOnHostThreads_ContinuesExactlyAsAnUninterruptedRun()
    {
        string reference = RunToEnd(Scheduled(Counter(deterministic: true)));
        Assert.Contains("counter: done", reference, StringComparison.Ordinal);

        string file = Path.Combine(_directory, "scheduled.snap");
        string beforeSave = SaveWhileRunning(Scheduled(Counter(deterministic: true)), "tick 60 ", file);

        var console = new CapturedConsole();
        using (Machine restored = Machine.Restore(file, MachineRunner.DefaultEngine, serial: console))
        {
            Assert.Equal(1, restored.Configuration.HostThreads);
            Assert.Equal(GuestOutcome.PoweredOff, restored.Run());
            Assert.NotNull(restored.SchedulerStatistics); // it ran on the scheduler, not a thread per vCPU
        }

        Assert.Equal(reference, beforeSave + console.Text);
    }

    [Fact]
    public void Pause_GuestOnHostThreads_NothingRunsUntilResume()
    {
        var console = new CapturedConsole();
        using Machine machine = Machine.Create(Scheduled(Counter(deterministic: false, "snapshot-counter-forever.elf")), MachineRunner.DefaultEngine, console);
        Thread run = StartRun(machine);
        try
        {
            console.WaitFor("tick 20 ", Timeout);
            Assert.True(machine.Pause());
            Assert.Equal(MachineRunState.Paused, machine.RunState);
            string atPause = console.Text;
            Thread.Sleep(1500);
            Assert.Equal(atPause, console.Text);
            Assert.True(machine.Resume());
            int resumedAt = Ticks(atPause).Max(t => t.Tick);
            console.WaitFor($"tick {resumedAt + 20} ", Timeout);
        }
        finally
        {
            machine.Stop(GuestOutcome.PoweredOff, "test");
            Assert.True(run.Join(Timeout));
        }
    }
}
