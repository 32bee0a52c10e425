using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Control;

/// <summary>
/// Issue 20 through the real executable: a snapshot saved over QMP from a running guest, the process killed with
/// SIGKILL, and <c>armvisor run --restore</c> in a new process that carries on from the saved tick to the end; and the
/// files that must not restore — truncated, corrupted, another format version, another Armvisor version — each give
/// one line on stderr and exit code 2.
/// </summary>
public sealed partial class SnapshotCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-snapcli-").FullName;

    [Fact]
    public void RunRestore_AfterKill9_GuestCarriesOnFromTheSavedTickToTheEnd()
    {
        string snapshot = SaveCounterSnapshotThenKill(out int[] ticksBefore);

        CliResult restored = ArmvisorCli.Run(Timeout, "run", "--restore", snapshot, "--timeout", "100");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        int[] ticksAfter = Ticks(restored.StandardOutput);
        Assert.EndsWith("counter: done", restored.StandardOutput.TrimEnd(), StringComparison.Ordinal);
        // The restored run starts at a tick the killed run had reached or was about to reach, then every tick to the end once.
        Assert.NotEmpty(ticksAfter);
        Assert.InRange(ticksAfter[0], 20, ticksBefore.Max() + 10);
        Assert.Contains(ticksAfter[0] - 10, ticksBefore);
        Assert.Equal(Enumerable.Range(0, (300 - ticksAfter[0]) / 10 + 1).Select(i => ticksAfter[0] + (10 * i)), ticksAfter);
        Assert.DoesNotContain("counter: period", restored.StandardOutput, StringComparison.Ordinal); // no new boot
    }

    [Theory]
    [InlineData("truncated", "is truncated")]
    [InlineData("corrupted", "is corrupted: the checksum of section")]
    [InlineData("format-version", "is snapshot format version 99")]
    [InlineData("armvisor-version", "was saved by Armvisor")]
    [InlineData("not-a-snapshot", "is not an Armvisor snapshot")]
    public void RunRestore_BadFile_OneLineAndExitCode2(string damage, string message)
    {
        string good = Path.Combine(_directory, "good.snap");
        CliResult save = SaveFreshSnapshot(good);
        Assert.True(File.Exists(good), save.ToString());
        byte[] bytes = File.ReadAllBytes(good);
        switch (damage)
        {
            case "truncated":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "corrupted":
                bytes[bytes.Length / 2] ^= 0x40;
                break;
            case "format-version":
                bytes[8] = 99; // u32 format version after the 8-byte magic
                break;
            case "armvisor-version":
                bytes[14] = (byte)(bytes[14] == (byte)'9' ? '8' : '9'); // first character of the version string
                break;
            default:
                bytes = Encoding.ASCII.GetBytes("this is not a snapshot\n");
                break;
        }

        string bad = Path.Combine(_directory, damage + ".snap");
        File.WriteAllBytes(bad, bytes);
        CliResult result = ArmvisorCli.Run(Timeout, "run", "--restore", bad);
        Assert.True(result.ExitCode == 2, result.ToString());
        string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("armvisor: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(message, lines[0], StringComparison.Ordinal);
    }

    /// <summary>Starts the counter guest paused with a control socket, saves it, quits.</summary>
    private CliResult SaveFreshSnapshot(string file)
    {
        string socket = Path.Combine(_directory, "fresh.sock");
        using Process armvisor = Start(["run", "--kernel", ArmvisorCli.Guest("snapshot-counter.elf"), "--memory", "64M", "--serial", "none",
            "--qmp", $"unix:{socket},server,wait=off", "--start-paused", "--timeout", "100"], new StringBuilder());
        try
        {
            using QmpTestClient client = QmpTestClient.Connect(socket, Timeout);
            client.Execute("qmp_capabilities");
            (JsonObject reply, _) = client.Execute("armvisor-snapshot-save", new JsonObject { ["filename"] = file });
            Assert.True(reply.ContainsKey("return"), reply.ToJsonString());
            client.Execute("quit");
            Assert.True(armvisor.WaitForExit(Timeout));
            return new CliResult(armvisor.ExitCode, "", "");
        }
        finally
        {
            Kill(armvisor);
        }
    }

    private string SaveCounterSnapshotThenKill(out int[] ticksBefore)
    {
        string socket = Path.Combine(_directory, "run.sock");
        string file = Path.Combine(_directory, "counter.snap");
        var output = new StringBuilder();
        using Process armvisor = Start(["run", "--kernel", ArmvisorCli.Guest("snapshot-counter.elf"), "--memory", "64M",
            "--qmp", $"unix:{socket},server,wait=off", "--timeout", "100"], output);
        try
        {
            using QmpTestClient client = QmpTestClient.Connect(socket, Timeout);
            client.Execute("qmp_capabilities");
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (!Text(output).Contains("tick 60 ", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "the guest did not reach tick 60:\n" + Text(output));
                Thread.Sleep(10);
            }

            (JsonObject reply, _) = client.Execute("armvisor-snapshot-save", new JsonObject { ["filename"] = file });
            Assert.True(reply["return"]?["size"]?.GetValue<long>() > 0, reply.ToJsonString());
            ticksBefore = Ticks(Text(output));
            armvisor.Kill(); // SIGKILL: nothing of the first process survives but the file
            armvisor.WaitForExit(10_000);
            Assert.DoesNotContain("counter: done", Text(output), StringComparison.Ordinal);
            return file;
        }
        finally
        {
            Kill(armvisor);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int[] Ticks(string output) => TickLine().Matches(output).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [GeneratedRegex(@"tick (\d+) work")]
    private static partial Regex TickLine();

    private static Process Start(string[] arguments, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ArmvisorCli.AssemblyPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.Append(e.Data).Append('\n');
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
