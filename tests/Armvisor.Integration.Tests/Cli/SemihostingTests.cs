using System.Diagnostics;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>
/// Issue 17: guests/gdb/semihosting.c (console, ":tt", files, SYS_EXIT 42) behaves on `armvisor run --semihosting` as on
/// qemu-system-aarch64 -semihosting-config enable=on,target=native, and exits with its own status; unlike QEMU's,
/// Armvisor's SYS_OPEN cannot leave the --semihosting-root directory (.., absolute paths, symbolic links).
/// </summary>
public sealed class SemihostingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-semihosting-").FullName;

    public SemihostingTests()
    {
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "input.txt"), "0123456789abcdefghij");
        File.WriteAllText(Path.Combine(_directory, "outside.txt"), "secret");
        File.CreateSymbolicLink(Path.Combine(Root, "link.txt"), "../outside.txt");
    }

    private string Root => Path.Combine(_directory, "root");

    [Fact]
    public void SemihostingGuest_ExitsWithItsStatus_AndCannotLeaveTheRoot()
    {
        CliResult result = RunArmvisor();

        Assert.True(result.ExitCode == 42, result.ToString());
        string[] lines = Lines(result.StandardOutput);
        Assert.Contains("semihosting: hello", lines);
        Assert.Contains("tt: written through SYS_WRITE", lines);
        Assert.Contains("0123456789", lines);
        Assert.Equal(["escape: dotdot=-1", "escape: absolute=-1", "escape: symlink=-1", "escape: create through dotdot=-1"],
            lines.Where(l => l.StartsWith("escape:", StringComparison.Ordinal)));
        Assert.DoesNotContain("semihosting: not reached", lines);
        Assert.Equal("written by the guest\n", File.ReadAllText(Path.Combine(Root, "output.txt")));
        Assert.False(File.Exists(Path.Combine(_directory, "created.txt")));
    }

    [Fact]
    public void SemihostingGuest_WithoutSemihosting_HltIsUndefined()
    {
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--kernel", ArmvisorCli.Guest("semihosting.elf"), "--timeout", "30");

        Assert.NotEqual(42, result.ExitCode);
        Assert.DoesNotContain("semihosting: hello", result.StandardOutput, StringComparison.Ordinal);
    }

    [RequiresQemuFact]
    public void SemihostingGuest_OnArmvisorAndQemu_SameOutputAndStatus()
    {
        (int qemuExit, string qemuOut, string qemuErr) = RunQemu();
        File.Delete(Path.Combine(Root, "output.txt"));
        CliResult armvisor = RunArmvisor();

        Assert.Equal(42, qemuExit);
        Assert.Equal(qemuExit, armvisor.ExitCode);
        // QEMU writes the semihosting console (SYS_WRITE0/WRITEC) to stderr and ":tt" to stdout; Armvisor both to stdout.
        // QEMU's SYS_OPEN reaches any host file, so the escape attempts are compared by the test above only.
        string[] expected = Lines(qemuErr).Where(l => !l.StartsWith("escape:", StringComparison.Ordinal) && !l.StartsWith("qemu-system", StringComparison.Ordinal)).ToArray();
        string[] actual = Lines(armvisor.StandardOutput).Where(l => !l.StartsWith("escape:", StringComparison.Ordinal) && !l.StartsWith("tt:", StringComparison.Ordinal)).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(Lines(qemuOut), Lines(armvisor.StandardOutput).Where(l => l.StartsWith("tt:", StringComparison.Ordinal)).ToArray());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private CliResult RunArmvisor() =>
        ArmvisorCli.Run(Timeout, "run", "--kernel", ArmvisorCli.Guest("semihosting.elf"), "--semihosting", "--semihosting-root", Root, "--timeout", "30");

    private (int Exit, string Out, string Err) RunQemu()
    {
        var start = new ProcessStartInfo(HostTools.Qemu)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (string a in new[] { "-M", "virt", "-cpu", "cortex-a72", "-m", "256M", "-nographic", "-nic", "none", "-semihosting-config", "enable=on,target=native", "-kernel", ArmvisorCli.Guest("semihosting.elf") })
        {
            start.ArgumentList.Add(a);
        }

        using Process qemu = Process.Start(start)!;
        qemu.StandardInput.Close();
        Task<string> output = qemu.StandardOutput.ReadToEndAsync();
        Task<string> errors = qemu.StandardError.ReadToEndAsync();
        if (!qemu.WaitForExit(Timeout))
        {
            qemu.Kill(entireProcessTree: true);
            throw new TimeoutException("qemu did not finish the semihosting guest");
        }

        return (qemu.ExitCode, output.Result, errors.Result);
    }

    private static string[] Lines(string text) =>
        text.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
