using Armvisor.Bench.Benchmark;
using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>
/// The correctness half of the engine benchmark suite (scripts/bench-engine.sh; its timing half is not a test): every
/// suite program builds and, with a small iteration count, prints the same results on Armvisor as on QEMU.
/// Programs built from fetched public source (CoreMark, Dhrystone) are checked when that source is in the cache.
/// </summary>
public sealed class BenchmarkSuiteTests
{
    /// <summary>Every program whose source is here (CoreMark and Dhrystone need their fetched source).</summary>
    public static TheoryData<string> Programs => new(SuiteProgram.All.Where(p => p.SourceAvailable).Select(p => p.Name));

    [RequiresQemuTheory]
    [MemberData(nameof(Programs))]
    public void SuiteProgram_SmallRun_SameResultsOnArmvisorAndQemu(string name)
    {
        SuiteProgram p = SuiteProgram.All.Single(x => x.Name == name);
        string source = GuestBuild.PathOf(p.Elf);
        Assert.True(File.Exists(source), $"{p.Elf} was not built by make -C guests");
        byte[] elf = BenchmarkGuest.WithParameters(File.ReadAllBytes(source), p.TestIterations, p.UseMmu);
        string dir = Directory.CreateTempSubdirectory("armvisor-suite-test-").FullName;
        try
        {
            string path = Path.Combine(dir, p.Name + ".elf");
            File.WriteAllBytes(path, elf);
            QemuResult q = new QemuRunner().Run(path, TimeSpan.FromSeconds(60));
            Assert.False(q.TimedOut, $"{p.Name} timed out on QEMU");
            HarnessResult a = new BareMetalHarness().Run(GuestImage.FromElf(elf),
                new HarnessOptions(InstructionBudget: 5_000_000_000, WallClockLimit: TimeSpan.FromSeconds(60)));

            Assert.True(a.Outcome == HarnessOutcome.PoweredOff, $"{p.Name} on Armvisor: {a.Outcome} {a.Diagnostic}");
            IReadOnlyList<string> qemuLines = SuiteProgram.ComparableLines(q.Lines);
            Assert.True(qemuLines.Count >= 2, $"{p.Name} printed too little on QEMU: {q.Output}");
            Assert.Null(EngineSuite.FirstDifference(SuiteProgram.ComparableLines(a.Lines), qemuLines));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ComparableLines_TimingLines_Dropped()
    {
        string[] lines = ["Total ticks      : 123", "[0]crcfinal      : 0x4983", "Dhrystones per Second: 5", "div checksum 1"];

        Assert.Equal(["[0]crcfinal      : 0x4983", "div checksum 1"], SuiteProgram.ComparableLines(lines));
    }
}
