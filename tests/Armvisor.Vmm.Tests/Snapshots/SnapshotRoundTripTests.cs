using System.Globalization;
using System.Text.RegularExpressions;
using Armvisor.Vmm.Snapshots;

namespace Armvisor.Vmm.Tests.Snapshots;

/// <summary>
/// Issue 20: a snapshot taken anywhere in a run continues exactly. With --deterministic a single-vCPU run repeats
/// exactly (guest time is retired instructions), so "exactly" is checkable: console output before the save followed by
/// the restored machine's output must equal an uninterrupted run's, byte for byte — the loop counter, the hash and
/// CNTVCT_EL0 at every virtual-timer tick. Any state the snapshot missed (a System register, the timer's compare
/// value or mask, the GIC's active priority, the exclusive monitor, a device register) changes the output.
/// </summary>
public sealed partial class SnapshotRoundTripTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-snapshot-").FullName;

    private static MachineConfiguration Counter(bool deterministic, string guest = "snapshot-counter.elf") => new()
    {
        KernelPath = TestGuests.Path(guest),
        MemoryBytes = 64UL << 20,
        Deterministic = deterministic,
        Serial = new SerialConfiguration(SerialBackendKind.None),
        Timeout = Timeout,
    };

    [Theory]
    [InlineData("tick 30 ")]
    [InlineData("tick 150 ")]
    public void Restore_DeterministicCounterGuest_ContinuesExactlyAsAnUninterruptedRun(string saveAfter)
    {
        string reference = RunToEnd(Counter(deterministic: true));
        Assert.Contains("counter: done", reference, StringComparison.Ordinal);

        string file = Path.Combine(_directory, "counter.snap");
        string beforeSave = SaveWhileRunning(Counter(deterministic: true), saveAfter, file);

        var console = new CapturedConsole();
        using (Machine restored = Machine.Restore(file, MachineRunner.DefaultEngine, serial: console))
        {
            Assert.True(restored.Restored);
            Assert.Equal(GuestOutcome.PoweredOff, restored.Run());
        }

        Assert.Equal(reference, beforeSave + console.Text);
    }

    [Fact]
    public void Restore_TwoVcpuCounters_BothContinueFromTheSavedValues()
    {
        MachineConfiguration configuration = Counter(deterministic: false, "snapshot-counter-smp.elf") with { Cpus = 2 };
        string file = Path.Combine(_directory, "smp.snap");
        var console = new CapturedConsole();
        string before;
        using (Machine machine = Machine.Create(configuration, MachineRunner.DefaultEngine, console))
        {
            Thread run = StartRun(machine);
            try
            {
                console.WaitFor("smp 30: ", Timeout);
                Assert.True(machine.Pause());
                machine.SaveSnapshot(file);
                before = console.Text;
            }
            finally
            {
                machine.Stop(GuestOutcome.UserQuit, "test");
                Assert.True(run.Join(Timeout));
            }
        }

        (ulong Round, ulong Cpu0, ulong Cpu1) saved = SmpLines(before)[^1];
        Assert.True(saved.Cpu1 > 0, before);
        var restoredConsole = new CapturedConsole();
        using (Machine restored = Machine.Restore(file, MachineRunner.DefaultEngine, serial: restoredConsole))
        {
            Thread run = StartRun(restored);
            try
            {
                restoredConsole.WaitFor($"smp {saved.Round + 30}: ", Timeout);
            }
            finally
            {
                restored.Stop(GuestOutcome.UserQuit, "test");
                Assert.True(run.Join(Timeout));
            }
        }

        // The restored run prints the next rounds (no reboot: no second "cpu-on" line), CPU 0's counter carries on from
        // the saved one, and CPU 1's keeps moving: the second vCPU was restored running. The pause can land in the middle
        // of a line (more likely under load: "smp 30: " is seen before the line ends), which the restored run finishes:
        // the lines after the saved one are read from the two consoles joined.
        (ulong Round, ulong Cpu0, ulong Cpu1)[] after = SmpLines(before + restoredConsole.Text).Where(l => l.Round > saved.Round).ToArray();
        Assert.DoesNotContain("smp: cpu-on", restoredConsole.Text, StringComparison.Ordinal);
        Assert.Equal(saved.Round + 10, after[0].Round);
        Assert.Equal(saved.Cpu0 + 2_000_000, after[0].Cpu0);
        Assert.True(after[0].Cpu1 > saved.Cpu1, restoredConsole.Text);
        for (int i = 1; i < after.Length; i++)
        {
            Assert.True(after[i].Cpu1 > after[i - 1].Cpu1, restoredConsole.Text);
        }
    }

    [Fact]
    public void Pause_RunningGuest_GuestTimeStandsStillUntilResume()
    {
        var console = new CapturedConsole();
        using Machine machine = Machine.Create(Counter(deterministic: false, "snapshot-counter-forever.elf"), MachineRunner.DefaultEngine, console);
        Thread run = StartRun(machine);
        string atPause;
        try
        {
            console.WaitFor("tick 20 ", Timeout);
            Assert.True(machine.Pause());
            Assert.Equal(MachineRunState.Paused, machine.RunState);
            atPause = console.Text;
            Thread.Sleep(2000);
            Assert.Equal(atPause, console.Text); // nothing runs while paused
            Assert.True(machine.Resume());
            int resumedAt = Ticks(atPause).Max(t => t.Tick);
            console.WaitFor($"tick {resumedAt + 40} ", Timeout);
        }
        finally
        {
            machine.Stop(GuestOutcome.PoweredOff, "test");
            Assert.True(run.Join(Timeout));
        }

        // 10 ticks are 10 x 10 ms of guest time: with the counter running through the 2 s pause, the line after it
        // would show a jump of 2 s (125,000,000 counts at 62.5 MHz).
        (int Tick, ulong Count)[] ticks = Ticks(console.Text);
        for (int i = 1; i < ticks.Length; i++)
        {
            ulong delta = ticks[i].Count - ticks[i - 1].Count;
            Assert.True(delta < 62_500_000, $"tick {ticks[i].Tick}: CNTVCT moved {delta} counts since tick {ticks[i - 1].Tick}");
        }
    }

    [Fact]
    public void SaveSnapshot_ZeroPages_AreNotStored()
    {
        string file = Path.Combine(_directory, "sparse.snap");
        var console = new CapturedConsole();
        using Machine machine = Machine.Create(Counter(deterministic: true), MachineRunner.DefaultEngine, console);
        SnapshotInfo info = machine.SaveSnapshot(file);
        Assert.Equal(64UL << 20, info.RamBytes);
        Assert.InRange(info.NonZeroPages, 1, 64); // the guest image and the device tree, not 16384 pages
        Assert.True(new FileInfo(file).Length < 1 << 20, $"{new FileInfo(file).Length} bytes");
    }

    [Fact]
    public void Restore_CorruptedRamSection_ThrowsSnapshotExceptionNamingTheSection()
    {
        string file = Path.Combine(_directory, "corrupt.snap");
        using (Machine machine = Machine.Create(Counter(deterministic: true), MachineRunner.DefaultEngine, new CapturedConsole()))
        {
            machine.SaveSnapshot(file);
        }

        byte[] bytes = File.ReadAllBytes(file);
        bytes[^40] ^= 0x01; // inside RAM_, the last section with a payload
        File.WriteAllBytes(file, bytes);
        SnapshotException e = Assert.Throws<SnapshotException>(() => Machine.Restore(file, MachineRunner.DefaultEngine, serial: new CapturedConsole()));
        Assert.Contains("checksum of section RAM_", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the machine until <paramref name="saveAfter"/> is printed, then saves with the vCPUs paused and returns the output up to that point.</summary>
    private static string SaveWhileRunning(MachineConfiguration configuration, string saveAfter, string file)
    {
        var console = new CapturedConsole();
        using Machine machine = Machine.Create(configuration, MachineRunner.DefaultEngine, console);
        Thread run = StartRun(machine);
        string before;
        try
        {
            console.WaitFor(saveAfter, Timeout);
            Assert.True(machine.Pause());
            machine.SaveSnapshot(file);
            before = console.Text;
        }
        finally
        {
            machine.Stop(GuestOutcome.UserQuit, "test");
            Assert.True(run.Join(Timeout));
        }

        Assert.DoesNotContain("counter: done", before, StringComparison.Ordinal);
        return before;
    }

    private static Thread StartRun(Machine machine)
    {
        var thread = new Thread(() => machine.Run()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    private static string RunToEnd(MachineConfiguration configuration)
    {
        var console = new CapturedConsole();
        using Machine machine = Machine.Create(configuration, MachineRunner.DefaultEngine, console);
        Assert.Equal(GuestOutcome.PoweredOff, machine.Run());
        return console.Text;
    }

    private static (int Tick, ulong Count)[] Ticks(string output) => TickLine().Matches(output)
        .Select(m => (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
        .ToArray();

    private static (ulong Round, ulong Cpu0, ulong Cpu1)[] SmpLines(string output) => SmpLine().Matches(output)
        .Select(m => (ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), ulong.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            ulong.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
        .ToArray();

    [GeneratedRegex(@"smp (\d+): cpu0=(\d+) cpu1=(\d+)\r?\n")]
    private static partial Regex SmpLine();

    [GeneratedRegex(@"tick (\d+) work \d+ hash [0-9a-f]+ cntvct (\d+)\r?\n")]
    private static partial Regex TickLine();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
