using System.Diagnostics;
using System.Globalization;
using System.Text;
using Armvisor.Bench.Qemu;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// A machine the kit boots on, as a process whose stdout is the guest console: "qemu" (qemu-system-aarch64 -M
/// virt,gic-version=3 -cpu cortex-a72) or "armvisor" (the real <c>armvisor run</c>).
/// </summary>
public abstract class GuestBackend
{
    public const string QemuName = "qemu";
    public const string ArmvisorName = "armvisor";

    public abstract string Name { get; }

    public static GuestBackend For(string name) => name switch
    {
        QemuName => new QemuBackend(),
        ArmvisorName => new ArmvisorBackend([]),
        _ => throw new ArgumentException($"unknown back end {name}", nameof(name)),
    };

    /// <summary>
    /// <c>armvisor run</c> with <paramref name="extraOptions"/> after the kit's own, e.g. <c>--trace wfe</c>, whose stderr
    /// lines (<c>HH:mm:ss.fff level: category[0] message</c>) the watchdog tests time.
    /// </summary>
    public static GuestBackend ArmvisorWith(params string[] extraOptions) => new ArmvisorBackend(extraOptions);

    /// <summary><c>armvisor run</c> started through <paramref name="commandPrefix"/>, e.g. <c>ip netns exec NAME</c>.</summary>
    public static GuestBackend ArmvisorThrough(IReadOnlyList<string> commandPrefix) => new ArmvisorBackend([], commandPrefix);

    /// <summary>
    /// Boots <paramref name="configuration"/> and waits for the process to end (the kit powers off) or <paramref name="timeout"/>;
    /// <paramref name="onConsoleLine"/> sees each console line as it arrives (on a thread-pool thread).
    /// </summary>
    public GuestRun Boot(MachineConfiguration configuration, TimeSpan timeout, Action<string>? onConsoleLine = null)
    {
        ProcessStartInfo start = StartInfo(configuration, timeout);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        var console = new StringBuilder();
        var errors = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        process.OutputDataReceived += (_, e) =>
        {
            Append(console, e.Data);
            if (e.Data is not null)
            {
                onConsoleLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        bool exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        clock.Stop();
        lock (console)
        {
            lock (errors)
            {
                if (exited && StartFailure(process.ExitCode, console.ToString(), errors.ToString()) is { } failure)
                {
                    throw new Xunit.Sdk.XunitException(failure);
                }

                return new GuestRun(Name, exited ? process.ExitCode : -1, !exited, console.ToString(), errors.ToString(), clock.Elapsed);
            }
        }
    }

    protected abstract ProcessStartInfo StartInfo(MachineConfiguration configuration, TimeSpan timeout);

    /// <summary>Why the back end's program did not run the guest at all (one line naming what is missing), or null.</summary>
    protected virtual string? StartFailure(int exitCode, string console, string errors) => null;

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.Append(line).Append('\n');
        }
    }

    private sealed class QemuBackend : GuestBackend
    {
        public override string Name => QemuName;

        protected override ProcessStartInfo StartInfo(MachineConfiguration configuration, TimeSpan timeout) =>
            QemuCommandLine.StartInfo(configuration with { NoReboot = true }, interactive: false);

        protected override string? StartFailure(int exitCode, string console, string errors) =>
            ReferenceToolDiagnosis.Explain(QemuCommandLine.Executable, exitCode, console, errors); // qemu-system-arm is the same package
    }

    private sealed class ArmvisorBackend(string[] extraOptions, IReadOnlyList<string>? commandPrefix = null) : GuestBackend
    {
        public override string Name => ArmvisorName;

        protected override ProcessStartInfo StartInfo(MachineConfiguration configuration, TimeSpan timeout)
        {
            var start = new ProcessStartInfo(commandPrefix is { Count: > 0 } ? commandPrefix[0] : "dotnet");
            foreach (string word in commandPrefix is { Count: > 0 } ? [.. commandPrefix.Skip(1), "dotnet"] : Array.Empty<string>())
            {
                start.ArgumentList.Add(word);
            }

            start.ArgumentList.Add(ArmvisorCli.AssemblyPath);
            foreach (string argument in (string[])
                     ["run", "--kernel", configuration.KernelPath!, "--initrd", configuration.InitrdPath!, "--append", configuration.Append,
                      "--cpus", configuration.Cpus.ToString(CultureInfo.InvariantCulture),
                      "--memory", (configuration.MemoryBytes >> 20).ToString(CultureInfo.InvariantCulture) + "M",
                      "--no-reboot", "--timeout", timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), .. extraOptions])
            {
                start.ArgumentList.Add(argument);
            }

            if (configuration.FirmwareTables == FirmwareTables.Acpi)
            {
                start.ArgumentList.Add("--firmware-tables");
                start.ArgumentList.Add("acpi");
            }

            if (configuration.ExitOnOutput is { } marker)
            {
                start.ArgumentList.Add("--exit-on");
                start.ArgumentList.Add(marker);
            }

            foreach (Armvisor.Vmm.Network.NetworkConfiguration network in configuration.Networks)
            {
                start.ArgumentList.Add("--netdev");
                start.ArgumentList.Add(network.ToOption());
            }

            foreach (DriveConfiguration drive in configuration.Drives)
            {
                start.ArgumentList.Add("--drive");
                start.ArgumentList.Add($"file={drive.Path}{(drive.Format is { } format ? ",format=" + format : "")}{(drive.ReadOnly ? ",readonly" : "")}");
            }

            return start;
        }
    }
}
