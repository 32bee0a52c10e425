using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>The armvisor command line runs bare-metal guests and reports how they ended.</summary>
public class RunTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public void Run_HelloGuest_PrintsAndPowersOffWithExitCodeZero()
    {
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--kernel", ArmvisorCli.Guest("hello.elf"), "--timeout", "60");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Hello from a bare-metal AArch64 guest", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("CurrentEL 1", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Timeout_ExitsWithTimeoutCode()
    {
        // A guest that loops forever: "b ." at the start of RAM.
        string path = Path.Combine(Path.GetTempPath(), $"armvisor-loop-{Environment.ProcessId}.bin");
        File.WriteAllBytes(path, BitConverter.GetBytes(0x14000000u));
        try
        {
            CliResult result = ArmvisorCli.Run(Timeout, "run", "--loader", $"file={path},addr=0x40000000", "--timeout", "1");

            Assert.True(result.ExitCode == 5, result.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Version_PrintsTheVersion()
    {
        CliResult result = ArmvisorCli.Run(Timeout, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StandardOutput.Trim());
    }
}
