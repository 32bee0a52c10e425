using System.Diagnostics;
using System.Text;
using Armvisor.Bench.Qemu;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// Runs a guest-kit guest on <c>qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -nographic -nic none -kernel</c>, the
/// "no agent traps WFE" platform, until it powers off (or prints its halt line, or the timeout passes).
/// </summary>
internal static class QemuGuest
{
    public static GuestReport Run(string elf, int cpus = 1, int timeoutSeconds = 60) =>
        Run(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            elf, timeoutSeconds);

    /// <summary>An AArch32 guest on <c>qemu-system-arm -M virt -cpu max</c> (ARMv8-A in AArch32 state), or another CPU.</summary>
    public static GuestReport RunAArch32(string elf, int timeoutSeconds = 60, string cpu = "max") =>
        Run(HostTools.Qemu32, ["-M", "virt", "-cpu", cpu], elf, timeoutSeconds);

    private static GuestReport Run(string emulator, string[] machine, string elf, int timeoutSeconds)
    {
        var start = new ProcessStartInfo(emulator)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])[.. machine, "-m", "512M", "-nographic", "-nic", "none", "-kernel", elf])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new StringBuilder();
        var halted = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Append(e.Data).Append('\n');
            }

            if (e.Data.Contains("GUESTKIT-HALT", StringComparison.Ordinal))
            {
                halted.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task exited = process.WaitForExitAsync();
        Task.WaitAny([exited, halted.Task], TimeSpan.FromSeconds(timeoutSeconds));
        bool stopped = !process.HasExited;
        if (stopped)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        lock (output)
        {
            if (!stopped && ReferenceToolDiagnosis.Explain(emulator, process.ExitCode, output.ToString(), stderr.Result) is { } failure)
            {
                throw new Xunit.Sdk.XunitException(failure);
            }

            return new GuestReport(output.ToString(), stopped ? -1 : process.ExitCode, stderr.Result);
        }
    }
}
