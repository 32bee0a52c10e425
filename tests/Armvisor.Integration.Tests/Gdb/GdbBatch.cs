using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Gdb;

/// <summary>
/// Runs gdb-multiarch in batch mode against a GDB stub on a loopback port: Armvisor's (<c>--gdb tcp:127.0.0.1:0</c>,
/// port read from stderr) or qemu-system-aarch64's (<c>-gdb tcp:127.0.0.1:PORT -S</c>, a free port picked first).
/// </summary>
internal static partial class GdbBatch
{
    public const string Program = "gdb-multiarch";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The gdb output of <paramref name="commands"/> against Armvisor running <paramref name="elf"/>, and Armvisor's result.</summary>
    public static (string Gdb, CliResult Armvisor) AgainstArmvisor(string elf, int cpus, IEnumerable<string> commands, int? jitThreshold = null, bool symbols = true)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (jitThreshold is { } threshold)
        {
            start.Environment["ARMVISOR_ENGINE_JIT_THRESHOLD"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (string a in new[] { ArmvisorCli.AssemblyPath, "run", "--kernel", elf, "--cpus", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "--memory", "512M", "--gdb", "tcp:127.0.0.1:0", "-S", "--timeout", "100" })
        {
            start.ArgumentList.Add(a);
        }

        using Process armvisor = Process.Start(start)!;
        armvisor.StandardInput.Close();
        Task<string> stdout = armvisor.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        int port = 0;
        while (armvisor.StandardError.ReadLine() is { } line)
        {
            stderr.AppendLine(line);
            if (PortLine().Match(line) is { Success: true } m)
            {
                port = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
        }

        Task<string> restOfStderr = armvisor.StandardError.ReadToEndAsync();
        Assert.True(port > 0, "armvisor did not print its gdb port: " + stderr);
        try
        {
            string gdb = Run(symbols ? elf : null, port, commands);
            if (!armvisor.WaitForExit(Timeout))
            {
                throw new TimeoutException("armvisor did not end after gdb");
            }

            return (gdb, new CliResult(armvisor.ExitCode, stdout.Result, stderr + restOfStderr.Result));
        }
        finally
        {
            if (!armvisor.HasExited)
            {
                armvisor.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The gdb output of <paramref name="commands"/> against qemu-system-aarch64 -M virt running <paramref name="elf"/>.</summary>
    public static string AgainstQemu(string elf, int cpus, IEnumerable<string> commands, bool symbols = true)
    {
        int port = FreePort();
        var start = new ProcessStartInfo("qemu-system-aarch64") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string a in new[] { "-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "512M", "-nographic", "-nic", "none", "-kernel", elf, "-gdb", $"tcp:127.0.0.1:{port}", "-S" })
        {
            start.ArgumentList.Add(a);
        }

        using Process qemu = Process.Start(start)!;
        qemu.StandardInput.Close();
        _ = qemu.StandardOutput.ReadToEndAsync();
        _ = qemu.StandardError.ReadToEndAsync();
        try
        {
            return Run(symbols ? elf : null, port, commands);
        }
        finally
        {
            if (!qemu.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                qemu.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>
    /// The lines both stubs must agree on: what differs by design is dropped — gdb's names for the inferior and its threads
    /// ("Thread 1.2 (CPU#1 [running])" with QEMU's multiprocess ids, "Thread 2 (vCPU 1 [On])" here).
    /// </summary>
    public static string[] Comparable(string output) =>
        output.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("[Switching to thread", StringComparison.Ordinal) && !l.StartsWith("[Inferior 1", StringComparison.Ordinal)
                && !l.StartsWith("[New Thread", StringComparison.Ordinal) && !l.Contains("Remote debugging using", StringComparison.Ordinal))
            .Select(l => ScriptName().Replace(ThreadName().Replace(l, "Thread N"), "SCRIPT"))
            .ToArray();

    /// <summary>gdb -batch with <paramref name="commands"/> after connecting; <paramref name="elf"/> null: no symbols (a Linux Image).</summary>
    private static string Run(string? elf, int port, IEnumerable<string> commands)
    {
        string script = Path.Combine(Path.GetTempPath(), $"armvisor-gdb-{Guid.NewGuid():N}.gdb");
        string[] setup = elf is null ? ["set architecture aarch64"] : [];
        File.WriteAllLines(script, new[] { "set pagination off", "set confirm off", "set tcp connect-timeout 30" }.Concat(setup).Append($"target remote 127.0.0.1:{port}").Concat(commands));
        try
        {
            var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
            foreach (string a in elf is null ? new[] { "-batch", "-nx", "-x", script } : new[] { "-batch", "-nx", "-x", script, elf })
            {
                start.ArgumentList.Add(a);
            }

            using Process gdb = Process.Start(start)!;
            gdb.StandardInput.Close();
            Task<string> output = gdb.StandardOutput.ReadToEndAsync();
            Task<string> errors = gdb.StandardError.ReadToEndAsync();
            if (!gdb.WaitForExit(Timeout))
            {
                gdb.Kill(entireProcessTree: true);
                throw new TimeoutException("gdb did not finish: " + output.Result);
            }

            return output.Result + errors.Result;
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [GeneratedRegex(@"gdb stub listening on tcp:127\.0\.0\.1:(\d+)")]
    private static partial Regex PortLine();

    [GeneratedRegex(@"/\S*armvisor-gdb-[0-9a-f]+\.gdb")]
    private static partial Regex ScriptName();

    [GeneratedRegex(@"Thread [0-9.]+( \([^)]*\))?")]
    private static partial Regex ThreadName();
}
