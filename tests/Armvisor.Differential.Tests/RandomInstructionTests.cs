using Armvisor.Bench.Differential;
using Armvisor.Bench.Harness;
using Armvisor.Bench.Qemu;
using Xunit.Abstractions;

namespace Armvisor.Differential.Tests;

/// <summary>
/// The CI share of the random-instruction differential test: 200,000 generated instructions across every class the
/// engine table offers, zero mismatches. The seed is fixed for CI and overridable with ARMVISOR_DIFFTEST_SEED; the
/// output prints it and how to replay a case (scripts/difftest.sh --seed S --first N --count 1).
/// </summary>
public sealed class RandomInstructionTests(ITestOutputHelper output)
{
    private const long CiInstructions = 200_000;
    private const ulong CiSeed = 0xA5A5_2026;

    [RequiresQemuFact]
    public void Difftest_200kInstructionsAllClasses_NoMismatch()
    {
        ulong seed = Environment.GetEnvironmentVariable("ARMVISOR_DIFFTEST_SEED") is { Length: > 0 } s
            ? Convert.ToUInt64(s, s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 16 : 10)
            : CiSeed;
        var runner = new DifferentialRunner(EngineEncodingCatalog.Instance, File.ReadAllBytes(GuestBuild.PathOf("difftest-runner.bin")),
            EngineFactory.Create, new QemuRunner(), Path.Combine(Path.GetTempPath(), $"armvisor-difftest-ci-{Environment.ProcessId}"));

        DifferentialReport report = runner.Run(new DifferentialOptions(CiInstructions, seed, BatchSize: 25_000));
        output.WriteLine(report.Format());

        Assert.Equal(CiInstructions, report.Cases);
        Assert.Equal(EngineEncodingCatalog.Instance.Templates.Select(t => t.ClassName).Distinct().Count(), report.Classes.Count);
        Assert.True(report.Passed, report.Format());
    }
}
