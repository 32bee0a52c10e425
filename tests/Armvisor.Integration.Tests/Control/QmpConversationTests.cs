using System.Diagnostics;
using System.Text.Json.Nodes;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Control;

/// <summary>
/// Issue 20: the same QMP conversation with qemu-system-aarch64 (-qmp unix:...,server,wait=off) and with Armvisor
/// (--qmp unix:...,server,wait=off) on the same bare-metal guest gets the same replies for the shared commands: the
/// same keys and value types everywhere, and equal values wherever they are not host-specific (thread ids, versions,
/// timestamps, register contents).
/// </summary>
public sealed class QmpConversationTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-qmp-").FullName;

    /// <summary>Values that legitimately differ between QEMU and Armvisor (paths into the JSON).</summary>
    private static readonly string[] HostSpecific =
    [
        "greeting.QMP.version.qemu.micro", "greeting.QMP.version.qemu.minor", "greeting.QMP.version.qemu.major", "greeting.QMP.version.package",
        "query-version.return.qemu.micro", "query-version.return.qemu.minor", "query-version.return.qemu.major", "query-version.return.package",
        "query-cpus-fast.return[0].thread-id", "query-cpus-fast.return[1].thread-id",
        "human-monitor-command.return",
    ];

    [Fact]
    public void QmpConversation_OnQemuAndArmvisor_SameRepliesForSharedCommands()
    {
        string guest = ArmvisorCli.Guest("snapshot-counter-forever.elf");
        string qemuSocket = Path.Combine(_directory, "qemu.sock");
        string armvisorSocket = Path.Combine(_directory, "armvisor.sock");
        using Process qemu = Start("qemu-system-aarch64", ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", "2", "-m", "128M",
            "-nographic", "-nic", "none", "-kernel", guest, "-qmp", $"unix:{qemuSocket},server,wait=off"]);
        using Process armvisor = Start("dotnet", [ArmvisorCli.AssemblyPath, "run", "--kernel", guest, "--cpus", "2", "--memory", "128M",
            "--qmp", $"unix:{armvisorSocket},server,wait=off", "--timeout", "120"]);
        try
        {
            Dictionary<string, JsonNode?> fromQemu = Converse(qemuSocket);
            Dictionary<string, JsonNode?> fromArmvisor = Converse(armvisorSocket);
            Assert.Equal(fromQemu.Keys, fromArmvisor.Keys);
            foreach ((string step, JsonNode? expected) in fromQemu)
            {
                AssertSameShape(step, expected, fromArmvisor[step]);
            }

            Assert.True(qemu.WaitForExit(Timeout), "QEMU did not quit");
            Assert.True(armvisor.WaitForExit(Timeout), "Armvisor did not quit");
            Assert.Equal(0, armvisor.ExitCode);
        }
        finally
        {
            Kill(qemu);
            Kill(armvisor);
        }
    }

    /// <summary>The conversation: every shared command, the errors of the protocol, and the events each causes.</summary>
    private static Dictionary<string, JsonNode?> Converse(string socket)
    {
        var steps = new Dictionary<string, JsonNode?>();
        using QmpTestClient client = QmpTestClient.Connect(socket, Timeout);
        steps["greeting"] = client.Greeting;
        void Step(string name, (JsonObject Reply, List<JsonObject> Events) result)
        {
            steps[name] = result.Reply.DeepClone();
            steps[name + ".events"] = new JsonArray([.. result.Events.Select(e => (JsonNode)e.DeepClone())]);
        }

        Step("before-negotiation", client.Execute("query-status"));
        Step("qmp_capabilities", client.SendRaw("""{"execute": "qmp_capabilities", "id": "negotiate-1"}"""));
        Step("qmp_capabilities-again", client.Execute("qmp_capabilities"));
        Step("query-status", client.Execute("query-status"));
        Step("query-version", client.Execute("query-version"));
        Step("query-cpus-fast", client.Execute("query-cpus-fast"));
        Step("stop", client.SendRaw("""{"execute": "stop", "id": 17}"""));
        Step("query-status-paused", client.Execute("query-status"));
        Step("human-monitor-command", client.Execute("human-monitor-command", new JsonObject { ["command-line"] = "info registers" }));
        Step("cont", client.Execute("cont"));
        Step("query-status-resumed", client.Execute("query-status"));
        Step("unknown-command", client.Execute("no-such-command"));
        Step("unexpected-argument", client.Execute("stop", new JsonObject { ["force"] = true }));
        Step("missing-argument", client.Execute("human-monitor-command"));
        Step("unexpected-member", client.SendRaw("""{"execute": "query-status", "bogus": 1}"""));
        Step("no-execute", client.SendRaw("""{"arguments": {}}"""));
        Step("system_powerdown", client.Execute("system_powerdown"));
        Step("system_reset", client.Execute("system_reset"));
        Step("quit", client.Execute("quit"));
        return steps;
    }

    private static void AssertSameShape(string path, JsonNode? expected, JsonNode? actual)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: QEMU {expected?.ToJsonString() ?? "null"}, Armvisor {actual?.ToJsonString() ?? "null"}");
            return;
        }

        Assert.True(expected.GetValueKind() == actual.GetValueKind(), $"{path}: QEMU has a {expected.GetValueKind()}, Armvisor a {actual.GetValueKind()} ({actual.ToJsonString()})");
        switch (expected)
        {
            case JsonObject obj:
                var actualObject = actual.AsObject();
                // Event timestamps differ by nature; everything else must be there on both sides.
                string[] keys = [.. obj.Select(p => p.Key).Order(StringComparer.Ordinal)];
                string[] actualKeys = [.. actualObject.Select(p => p.Key).Order(StringComparer.Ordinal)];
                Assert.True(keys.SequenceEqual(actualKeys), $"{path}: QEMU keys [{string.Join(", ", keys)}], Armvisor [{string.Join(", ", actualKeys)}]");
                foreach (string key in keys)
                {
                    if (key == "timestamp")
                    {
                        AssertSameShape($"{path}.{key}", ZeroValues(obj[key]), ZeroValues(actualObject[key]));
                        continue;
                    }

                    AssertSameShape($"{path}.{key}", obj[key], actualObject[key]);
                }

                break;
            case JsonArray array:
                var actualArray = actual.AsArray();
                Assert.True(array.Count == actualArray.Count, $"{path}: QEMU has {array.Count} elements, Armvisor {actualArray.Count}");
                for (int i = 0; i < array.Count; i++)
                {
                    AssertSameShape($"{path}[{i}]", array[i], actualArray[i]);
                }

                break;
            default:
                if (HostSpecific.Contains(path))
                {
                    if (path == "human-monitor-command.return")
                    {
                        AssertSameRegisterDumpLayout(expected.GetValue<string>(), actual.GetValue<string>());
                    }

                    return;
                }

                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: QEMU {expected.ToJsonString()}, Armvisor {actual.ToJsonString()}");
                break;
        }
    }

    /// <summary>info registers: the same lines with the same register names in the same places; only the hex digits differ.</summary>
    private static void AssertSameRegisterDumpLayout(string qemu, string armvisor)
    {
        static string Layout(string text) => System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{8,16}", "#")
            .Replace("NZCV", "----", StringComparison.Ordinal);
        static string Flags(string text) => System.Text.RegularExpressions.Regex.Replace(Layout(text), "PSTATE=# [NZCV-]{4}", "PSTATE=# ????");
        Assert.Equal(Flags(qemu), Flags(armvisor));
    }

    private static JsonNode? ZeroValues(JsonNode? node) => node is JsonObject obj
        ? new JsonObject(obj.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, 0)))
        : node;

    private static Process Start(string program, string[] arguments)
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
        process.OutputDataReceived += (_, _) => { };
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
