using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>Issue 23: <c>armvisor run --exit-summary json|text</c> says how the guest ended, for scripts and people.</summary>
public sealed class ExitSummaryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-summary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Run_ExitSummaryFileJson_ValidAgainstSchemaWithPerVcpuCounts()
    {
        string file = Path.Combine(_directory, "summary.json");
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--kernel", ArmvisorCli.Guest("machine-smp.elf"), "--cpus", "4", "--timeout", "60", "--exit-summary-file", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = OutputSchemas.AssertValid("run-exit-summary.v1.schema.json", File.ReadAllText(file));
        Assert.Equal("PoweredOff", summary.GetProperty("outcome").GetString());
        Assert.Equal(result.ExitCode, summary.GetProperty("exitCode").GetInt32());
        Assert.Equal("PSCI SYSTEM_OFF", summary.GetProperty("reason").GetString());
        Assert.Equal(1, summary.GetProperty("boots").GetInt32());
        var vcpus = summary.GetProperty("vcpus").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], vcpus.Select(v => v.GetProperty("index").GetInt32()));
        Assert.Equal(0x8000_0001UL, vcpus[1].GetProperty("mpidr").GetUInt64());
        Assert.All(vcpus, v => Assert.True(v.GetProperty("instructions").GetUInt64() > 0)); // the secondaries were started and ran
        Assert.Equal(vcpus.Aggregate(0UL, (sum, v) => sum + v.GetProperty("instructions").GetUInt64()), summary.GetProperty("guestInstructions").GetUInt64());
        Assert.True(vcpus[0].GetProperty("mmioExits").GetInt64() > 0); // the boot CPU printed on the UART
        Assert.True(summary.GetProperty("wallTimeSeconds").GetDouble() > 0);
    }

    [Fact]
    public void Run_ExitSummaryJson_LastStderrLineNothingOnStdout()
    {
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--kernel", ArmvisorCli.Guest("hello.elf"), "--timeout", "60", "--exit-summary", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("armvisor.run.exit-summary", result.StandardOutput, StringComparison.Ordinal); // stdout is the guest's console
        string last = result.StandardError.TrimEnd('\n').Split('\n')[^1];
        var summary = OutputSchemas.AssertValid("run-exit-summary.v1.schema.json", last);
        Assert.Equal(1, summary.GetProperty("vcpus").GetArrayLength());
    }

    [Fact]
    public void Run_TimeoutWithExitSummaryText_SaysTimeoutAndCode5()
    {
        string guest = Path.Combine(_directory, "loop.bin");
        File.WriteAllBytes(guest, BitConverter.GetBytes(0x14000000u)); // b .
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--loader", $"file={guest},addr=0x40000000", "--timeout", "1", "--exit-summary", "text");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("armvisor: guest Timeout (exit code 5): timeout after 1 s", result.StandardError, StringComparison.Ordinal);
        Assert.Matches(@"vCPU 0 \(MPIDR 0x80000000\): [\d,]+ instructions", result.StandardError);
    }
}
