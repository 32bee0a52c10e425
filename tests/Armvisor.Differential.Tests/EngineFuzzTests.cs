using Armvisor.Bench.Fuzz;
using Armvisor.Bench.Harness;
using Xunit.Abstractions;

namespace Armvisor.Differential.Tests;

/// <summary>Issue 2's fuzz: one million random 32-bit words executed at EL0 and EL1 without a host exception.</summary>
public sealed class EngineFuzzTests(ITestOutputHelper output)
{
    private const ulong Seed = 0xF0022026;

    [Fact]
    public void Fuzz_OneMillionRandomWordsAtEl0AndEl1_NoHostException()
    {
        FuzzReport report = new EngineFuzzer(EngineFactory.Create).Run(1_000_000, Seed);
        output.WriteLine(report.Format());

        Assert.Equal(1_000_000, report.Words);
        Assert.True(report.HostExceptions.Count == 0, report.Format());
        Assert.True(report.Endings.GetValueOrDefault("completed at EL0") > 0 && report.Endings.GetValueOrDefault("completed at EL1") > 0);
    }
}
