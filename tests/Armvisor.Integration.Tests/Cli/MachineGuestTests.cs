using System.Diagnostics;
using Armvisor.Bench.Qemu;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>
/// Issue 3: bare-metal guests that use the UART, the timer interrupt through the GICv3, PSCI CPU_ON/AFFINITY_INFO/
/// CPU_OFF on secondaries and SYSTEM_OFF print the same lines on `armvisor run` as on qemu-system-aarch64 -M virt.
/// </summary>
public class MachineGuestTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("systest-timer.elf", 1, new string[0])]
    [InlineData("systest-exceptions.elf", 1, new[] { "--no-el3" })] // QEMU -M virt has no EL3: SMC is UNDEFINED there
    [InlineData("systest-mmu.elf", 1, new string[0])]
    [InlineData("systest-exclusives.elf", 1, new string[0])]
    [InlineData("machine-smp.elf", 4, new string[0])]
    public void Guest_OnArmvisorAndQemu_SameOutput(string guest, int cpus, string[] armvisorOptions)
    {
        string path = ArmvisorCli.Guest(guest);
        string[] qemu = Lines(RunQemu(path, cpus));
        CliResult armvisor = ArmvisorCli.Run(Timeout, ["run", "--kernel", path, "--cpus", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "100", .. armvisorOptions]);

        Assert.True(armvisor.ExitCode == 0, armvisor.ToString());
        Assert.Matches("(DONE failures=0|END .* failures=0)$", qemu[^1]);
        Assert.Equal(qemu, Lines(armvisor.StandardOutput));
    }

    private static string[] Lines(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string RunQemu(string kernel, int cpus)
    {
        var start = new ProcessStartInfo("qemu-system-aarch64")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "256M", "-nographic", "-nic", "none", "-kernel", kernel })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"qemu with {kernel} did not finish");
        }

        return ReferenceToolDiagnosis.Explain(start.FileName, process.ExitCode, output.Result, errors.Result) is { } failure
            ? throw new Xunit.Sdk.XunitException(failure)
            : output.Result;
    }
}
