using System.Diagnostics;

namespace Armvisor.Bench.Qemu;

/// <summary>
/// Runs a bare-metal guest on the reference emulator:
/// <c>qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -nographic -nic none -m 256M -kernel guest.elf</c>
/// (no NIC: the default one needs an option ROM, and no guest here has a network).
/// With no firmware and EL2/EL3 off, QEMU's virt board answers PSCI on HVC and boots the ELF at EL1 with the MMU off.
/// </summary>
public sealed class QemuRunner
{
    private readonly string _qemu;

    public QemuRunner(string? qemuPath = null) =>
        _qemu = qemuPath ?? ToolLocator.Find(ToolLocator.Qemu)
            ?? throw new FileNotFoundException($"{ToolLocator.Qemu} not found on PATH");

    /// <summary>The machine arguments shared by every run (the reference configuration of the brief).</summary>
    public static IReadOnlyList<string> MachineArguments { get; } =
        ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-nographic", "-monitor", "none", "-nic", "none", "-m", "256M"];

    /// <summary>Runs <paramref name="elfPath"/> until QEMU exits (the guest's PSCI SYSTEM_OFF) or <paramref name="timeout"/>.</summary>
    /// <param name="semihosting">Enables Arm semihosting (the random-instruction runner writes its results file with it).</param>
    /// <param name="extraArguments">Appended after the machine arguments (a later <c>-M</c> adds to the machine's properties).</param>
    public QemuResult Run(string elfPath, TimeSpan timeout, bool semihosting = false, string? workingDirectory = null,
        IReadOnlyList<string>? extraArguments = null)
    {
        var psi = new ProcessStartInfo(_qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string a in MachineArguments)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("-kernel");
        psi.ArgumentList.Add(elfPath);
        if (semihosting)
        {
            psi.ArgumentList.Add("-semihosting-config");
            psi.ArgumentList.Add("enable=on,target=native");
        }

        foreach (string a in extraArguments ?? [])
        {
            psi.ArgumentList.Add(a);
        }

        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {_qemu}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        clock.Stop();
        return new QemuResult(exited ? process.ExitCode : -1, stdout.Result, stderr.Result, clock.Elapsed, !exited);
    }
}
