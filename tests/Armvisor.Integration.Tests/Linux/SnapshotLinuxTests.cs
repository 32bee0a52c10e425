using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Armvisor.Integration.Tests.Control;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Integration.Tests.Network;
using Armvisor.Vmm.LinuxKit;
using Armvisor.Vmm.Network;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 20 on Debian's own arm64 kernel: a snapshot saved over QMP in the middle of an in-guest shell job (which
/// sleeps between steps, so it depends on timers), the process killed with SIGKILL, and <c>armvisor run --restore</c>
/// in a new process: the job finishes with the checksum the host computes, and the console shell answers a command.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public sealed partial class SnapshotLinuxTests(GuestKitFixture kit, ITestOutputHelper output) : IDisposable
{
    private const int Steps = 50;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    /// <summary>Every armvisor process's stderr, shown with a failure.</summary>
    private static readonly StringBuilder s_stderr = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-snaplinux-").FullName;

    /// <summary>The job: 50 steps of shell arithmetic, 0.1 s apart, hashed; step 10 is announced on stderr (the console). echo JOB-""DONE keeps the echoed input apart from the output.</summary>
    private const string Job =
        "echo JOB-\"\"START; i=0; while [ $i -lt 50 ]; do echo \"step $i $((i*i*7919 % 10007))\"; [ $i = 10 ] && echo JOB-\"\"AT-10 >&2; i=$((i+1)); sleep 0.1; done | sha256sum > /tmp/sum; " +
        "echo \"JOB-\"\"DONE $(cut -d' ' -f1 /tmp/sum)\"";

    [Fact]
    public void RestoreAfterKill9_DuringInGuestJob_JobFinishesWithTheRightChecksumAndTheShellAnswers()
    {
        string expected = ExpectedChecksum();
        string snapshot = SaveThenKill9([], new GuestCommandLine { Then = AfterScripts.Shell }, (armvisor, first) =>
        {
            WaitFor(first, "ARMVISOR-INITRAMFS-READY", "boot");
            WaitFor(first, "# ", "the shell prompt");
            Type(armvisor, Job);
            WaitFor(first, "JOB-START\r\n", "the job's start");
            WaitFor(first, "JOB-AT-10", "the job's step 10"); // the save falls inside the job (steps 10 to 49 remain)
        }, first => Assert.DoesNotContain("JOB-DONE ", Text(first).Replace("JOB-\"\"DONE", "", StringComparison.Ordinal), StringComparison.Ordinal));

        var second = new StringBuilder();
        using Process restored = Start(["run", "--restore", snapshot, "--timeout", "200"], second);
        try
        {
            string done = WaitForMatch(second, JobDone(), "the job's end after the restore");
            Assert.Equal(expected, done);
            Type(restored, "echo SHELL-$((6*7))");
            WaitFor(second, "SHELL-42\r\n", "the shell's answer");
            ExitAndCheckNoNewBoot(restored, second);
        }
        finally
        {
            output.WriteLine("--- restored console\n" + Text(second) + "\n--- armvisor stderr\n" + Text(s_stderr));
            Kill(restored);
        }
    }

    /// <summary>
    /// A guest with <c>--netdev user</c> (passt): it fetches a page from the host before the save; after kill -9 and
    /// the restore (a new passt, the guest's lease and ARP entry kept) the same shell fetches another page: the link is up.
    /// </summary>
    [Fact]
    public void RestoreAfterKill9_GuestWithUserNetwork_FetchesFromTheHostAfterTheRestore()
    {
        using var server = new LoopbackHttpServer("page from the host after the restore\n");
        string url = $"http://{UserNetwork.Gateway}:{server.Port}/index.html";
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network],
            Parameters = new Dictionary<string, string> { ["net_fetch"] = url },
            Then = AfterScripts.Shell,
        };
        string snapshot = SaveThenKill9(["--netdev", "user,hostloopback=on"], commandLine, (armvisor, first) =>
        {
            WaitFor(first, "fetch=ok", "the fetch before the save");
            Type(armvisor, "echo NET-\"\"BEFORE");
            WaitFor(first, "NET-BEFORE\r\n", "the shell after the fetch");
        }, _ => Assert.Equal(1, server.Requests));

        var second = new StringBuilder();
        using Process restored = Start(["run", "--restore", snapshot, "--timeout", "200"], second);
        try
        {
            Type(restored, $"timeout 60 wget -q -O - {url} && echo NET-\"\"AFTER");
            WaitFor(second, "NET-AFTER\r\n", "the fetch after the restore");
            Assert.Contains(server.Body.TrimEnd('\n') + "\r\n", Text(second), StringComparison.Ordinal);
            Assert.Equal(2, server.Requests);
            ExitAndCheckNoNewBoot(restored, second);
        }
        finally
        {
            output.WriteLine("--- restored console\n" + Text(second) + "\n--- armvisor stderr\n" + Text(s_stderr));
            Kill(restored);
        }
    }

    /// <summary>
    /// <c>--netdev tap</c> in a network namespace this test makes (tap0 on a bridge whose host address is 10.9.0.254):
    /// the guest pings the host before the save; after kill -9 the restored process opens tap0 again and the same
    /// shell pings the host once more.
    /// </summary>
    [Network.RequiresNetworkNamespaceFact]
    public void RestoreAfterKill9_GuestWithTap_PingsTheHostAfterTheRestore()
    {
        using var namespaceForTest = new HostNetworkNamespace();
        namespaceForTest.Shell("ip link add br0 type bridge && ip tuntap add dev tap0 mode tap && ip link set tap0 master br0"
            + " && ip link set tap0 up && ip addr add 10.9.0.254/24 dev br0 && ip link set br0 up");
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network],
            Parameters = new Dictionary<string, string> { ["net_addr"] = "10.9.0.1/24", ["net_ping"] = "10.9.0.254" },
            Then = AfterScripts.Shell,
        };
        string[] launcher = [.. namespaceForTest.Exec];
        string snapshot = SaveThenKill9(["--netdev", "tap,ifname=tap0"], commandLine, (armvisor, first) =>
        {
            WaitFor(first, "ping=ok", "the ping before the save");
            Type(armvisor, "echo TAP-\"\"BEFORE");
            WaitFor(first, "TAP-BEFORE\r\n", "the shell after the ping");
        }, _ => { }, launcher);

        var second = new StringBuilder();
        using Process restored = Start(["run", "--restore", snapshot, "--timeout", "200"], second, launcher);
        try
        {
            Type(restored, "ping -c 1 -W 10 10.9.0.254 > /dev/null && echo TAP-\"\"AFTER");
            WaitFor(second, "TAP-AFTER\r\n", "the ping after the restore");
            ExitAndCheckNoNewBoot(restored, second);
        }
        finally
        {
            output.WriteLine("--- restored console\n" + Text(second) + "\n--- armvisor stderr\n" + Text(s_stderr));
            Kill(restored);
        }
    }

    /// <summary>Boots the kit's kernel with a QMP socket, runs <paramref name="until"/>, saves over QMP, kills the process with SIGKILL; returns the snapshot.</summary>
    /// <param name="launcher">A command the armvisor process runs under (e.g. <c>ip netns exec NAME</c>), or null.</param>
    private string SaveThenKill9(string[] extra, GuestCommandLine commandLine, Action<Process, StringBuilder> until, Action<StringBuilder> afterKill,
        string[]? launcher = null)
    {
        string socket = Path.Combine(_directory, "qmp.sock");
        string snapshot = Path.Combine(_directory, "debian.snap");
        var first = new StringBuilder();
        using Process armvisor = Start(["run", "--kernel", kit.Kit.KernelPath, "--initrd", kit.InitrdPath, "--append", commandLine.ToString(),
            "--memory", "512M", "--qmp", $"unix:{socket},server,wait=off", "--timeout", "200", .. extra], first, launcher);
        try
        {
            until(armvisor, first);
            using QmpTestClient client = QmpTestClient.Connect(socket, Timeout);
            client.Execute("qmp_capabilities");
            (JsonObject reply, _) = client.Execute("armvisor-snapshot-save", new JsonObject { ["filename"] = snapshot });
            output.WriteLine($"save: {reply.ToJsonString()}");
            Assert.True(reply.ContainsKey("return"), reply.ToJsonString());
            armvisor.Kill(); // SIGKILL
            armvisor.WaitForExit(10_000);
            afterKill(first);
            return snapshot;
        }
        finally
        {
            Kill(armvisor);
        }
    }

    private static void Type(Process process, string line)
    {
        process.StandardInput.Write(line + "\n");
        process.StandardInput.Flush();
    }

    private static void ExitAndCheckNoNewBoot(Process restored, StringBuilder console)
    {
        Type(restored, "exit");
        Assert.True(restored.WaitForExit(60_000), "the guest did not power off after exit");
        Assert.Equal(0, restored.ExitCode);
        Assert.DoesNotContain("ARMVISOR-INITRAMFS-READY", Text(console), StringComparison.Ordinal); // no new boot
    }

    private static string ExpectedChecksum()
    {
        var text = new StringBuilder();
        for (long i = 0; i < Steps; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"step {i} {i * i * 7919 % 10007}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text.ToString())));
    }

    [GeneratedRegex("JOB-DONE ([0-9a-f]{64})")]
    private static partial Regex JobDone();

    private void WaitFor(StringBuilder console, string text, string what)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!Text(console).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                output.WriteLine(Text(console));
                throw new TimeoutException($"no {what} within {Timeout}");
            }

            Thread.Sleep(20);
        }
    }

    private string WaitForMatch(StringBuilder console, Regex pattern, string what)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (pattern.Match(Text(console)) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }

            if (DateTime.UtcNow > deadline)
            {
                output.WriteLine(Text(console));
                throw new TimeoutException($"no {what} within {Timeout}");
            }

            Thread.Sleep(20);
        }
    }

    internal static string Text(StringBuilder console)
    {
        lock (console)
        {
            return console.ToString();
        }
    }

    private static Process Start(string[] arguments, StringBuilder console, string[]? launcher = null) =>
        launcher is [string program, .. string[] rest]
            ? StartCapturing(program, [.. rest, "dotnet", ArmvisorCli.AssemblyPath, .. arguments], console)
            : StartCapturing("dotnet", [ArmvisorCli.AssemblyPath, .. arguments], console);

    /// <summary>Starts <paramref name="program"/> with its stdout appended to <paramref name="console"/> (under its lock) and its stderr kept for failure output.</summary>
    internal static Process StartCapturing(string program, IEnumerable<string> arguments, StringBuilder console)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        _ = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (console)
                {
                    console.Append(buffer, 0, read);
                }
            }
        });
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (s_stderr)
                {
                    s_stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    internal static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
