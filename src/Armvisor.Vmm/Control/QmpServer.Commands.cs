using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Armvisor.Core;
using Armvisor.Core.WfeChannel;
using Armvisor.Vmm.Snapshots;

namespace Armvisor.Vmm.Control;

/// <summary>
/// The commands. Shared with QEMU (same names, arguments and reply shapes as qemu-system-aarch64 7.2): query-status,
/// query-cpus-fast, query-version, query-commands, stop, cont, system_reset, system_powerdown, quit,
/// human-monitor-command (info registers [-a], info status, info version, stop, cont). Armvisor's own, namespaced:
/// armvisor-watchdog-state, armvisor-wfe-stats, armvisor-inject-pnmi, armvisor-snapshot-save, armvisor-snapshot-load.
/// (QEMU's own snapshot-save/snapshot-load are background jobs on qcow2 images with other arguments; these are not.)
/// </summary>
public sealed partial class QmpServer
{
    private IEnumerable<QmpCommand> DefineCommands()
    {
        yield return new("query-status", [], [], _ => QueryStatus());
        yield return new("query-cpus-fast", [], [], _ => QueryCpusFast());
        yield return new("query-version", [], [], _ =>
        {
            (int major, int minor, int micro) = VersionNumbers();
            return VersionObject(major, minor, micro);
        });
        yield return new("query-commands", [], [], _ =>
            new JsonArray([.. _commands.Keys.Append("qmp_capabilities").Order(StringComparer.Ordinal).Select(n => (JsonNode)new JsonObject { ["name"] = n })]));
        yield return new("stop", [], [], _ =>
        {
            Current().Pause();
            return new JsonObject();
        });
        yield return new("cont", [], [], _ =>
        {
            Current().Resume();
            return new JsonObject();
        });
        yield return new("system_reset", [], [], _ =>
        {
            Current().Stop(GuestOutcome.Reset, "system_reset");
            return new JsonObject();
        });
        yield return new("system_powerdown", [], [], _ =>
        {
            Current().RequestPowerdown();
            return new JsonObject();
        });
        yield return new("quit", [], [], _ =>
        {
            Volatile.Write(ref _quit, true);
            if (_machine is { RunState: not MachineRunState.Shutdown } machine)
            {
                machine.Stop(GuestOutcome.PoweredOff, "quit");
            }
            else
            {
                // The machine is ending or being replaced (a reset): the next one is stopped as it is attached.
                Broadcast(new MachineEvent("SHUTDOWN", false, "host-qmp-quit"));
            }
            return new JsonObject();
        });
        yield return new("human-monitor-command", ["command-line"], ["cpu-index"], HumanMonitorCommand);
        yield return new("armvisor-watchdog-state", [], [], _ => WatchdogStateReply());
        yield return new("armvisor-wfe-stats", [], [], _ => WfeStats());
        yield return new("armvisor-inject-pnmi", [], ["cpu-index"], InjectPseudoNmi);
        yield return new("armvisor-snapshot-save", ["filename"], [], args =>
        {
            SnapshotInfo info = Current().SaveSnapshot(StringArgument(args, "filename"));
            return new JsonObject
            {
                ["filename"] = info.Path,
                ["size"] = info.FileBytes,
                ["ram-size"] = info.RamBytes,
                ["nonzero-pages"] = info.NonZeroPages,
                ["duration-ms"] = Math.Round(info.Elapsed.TotalMilliseconds, 1),
            };
        });
        yield return new("armvisor-snapshot-load", ["filename"], [], args =>
        {
            string path = Path.GetFullPath(StringArgument(args, "filename"));
            try
            {
                _ = SnapshotReader.Open(path); // check it before the running machine is given up
            }
            catch (SnapshotException e)
            {
                throw new QmpError(e.Message);
            }

            Machine machine = Current();
            Volatile.Write(ref _pendingRestore, path);
            machine.Stop(GuestOutcome.Reset, Machine.SnapshotLoadReason);
            return new JsonObject();
        });
    }

    private Machine Current() => _machine ?? throw new QmpError("no machine is running (it is being reset or restored): retry");

    private JsonObject QueryStatus()
    {
        MachineRunState state = _machine?.RunState ?? MachineRunState.Prelaunch;
        if (state == MachineRunState.Prelaunch && _machine is { StartPaused: false })
        {
            state = MachineRunState.Running; // built and about to start its vCPUs, as QEMU without -S
        }

        return new JsonObject
        {
            ["status"] = state switch
            {
                MachineRunState.Running => "running",
                MachineRunState.Paused => "paused",
                MachineRunState.Shutdown => "shutdown",
                _ => "prelaunch",
            },
            ["singlestep"] = false,
            ["running"] = state == MachineRunState.Running,
        };
    }

    /// <summary>QEMU virt's CPU topology properties for CPU i (one socket, one cluster, i cores, one thread each).</summary>
    private JsonArray QueryCpusFast()
    {
        Machine machine = Current();
        IReadOnlyList<int> threads = machine.VcpuHostThreadIds;
        var cpus = new JsonArray();
        foreach (Vcpu vcpu in machine.Vm.Vcpus)
        {
            cpus.Add(new JsonObject
            {
                ["thread-id"] = threads[vcpu.Index],
                ["props"] = new JsonObject { ["core-id"] = vcpu.Index, ["thread-id"] = 0, ["socket-id"] = 0, ["cluster-id"] = 0 },
                ["qom-path"] = $"/machine/unattached/device[{vcpu.Index}]",
                ["cpu-index"] = vcpu.Index,
                ["target"] = "aarch64",
            });
        }

        return cpus;
    }

    private JsonNode HumanMonitorCommand(JsonElement args)
    {
        string line = StringArgument(args, "command-line").Trim();
        int cpu = args.TryGetProperty("cpu-index", out JsonElement index) && index.ValueKind == JsonValueKind.Number ? index.GetInt32() : 0;
        Machine machine = Current();
        if ((uint)cpu >= (uint)machine.Vm.Vcpus.Count)
        {
            throw new QmpError($"CPU {cpu} is not present");
        }

        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["info", "registers"]:
                return machine.WhilePaused(() => RegisterDump.Format(machine.Vm.Vcpus[cpu]));
            case ["info", "registers", "-a"]:
                return machine.WhilePaused(() => string.Concat(machine.Vm.Vcpus.Select(RegisterDump.Format)));
            case ["info", "status"]:
                return $"VM status: {QueryStatus()["status"]}\r\n";
            case ["info", "version"]:
                return $"{SnapshotFormat.ArmvisorVersion} (Armvisor)\r\n";
            case ["stop"]:
                machine.Pause();
                return "";
            case ["cont"] or ["c"]:
                machine.Resume();
                return "";
            default:
                return $"unknown command: '{(words.Length > 0 ? words[0] : "")}'\r\n";
        }
    }

    private JsonObject WatchdogStateReply()
    {
        WatchdogService watchdogs = Current().Vm.Watchdogs;
        var armed = new JsonArray();
        foreach (WatchdogState w in watchdogs.Armed)
        {
            armed.Add(new JsonObject
            {
                ["cpu-index"] = w.VcpuIndex,
                ["timeout-ms"] = w.Timeout.TotalMilliseconds,
                ["action"] = ActionName(w.Action),
                ["remaining-ms"] = Math.Round(w.Remaining.TotalMilliseconds, 1),
            });
        }

        var history = new JsonArray();
        foreach (WatchdogExpiry e in watchdogs.History)
        {
            history.Add(new JsonObject
            {
                ["cpu-index"] = e.VcpuIndex,
                ["action"] = ActionName(e.Action),
                ["due"] = e.Due.ToString("O", CultureInfo.InvariantCulture),
                ["fired"] = e.Fired.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return new JsonObject { ["watchdogs"] = armed, ["expired"] = history };
    }

    private JsonObject WfeStats()
    {
        Vm vm = Current().Vm;
        static JsonNode? Agent(WfeChannelAgent? agent) => agent is null
            ? null
            : new JsonObject { ["requests-served"] = agent.RequestsServed, ["capabilities"] = agent.Capabilities.ToString() };
        var vcpus = new JsonArray();
        foreach (Vcpu vcpu in vm.Vcpus)
        {
            vcpus.Add(new JsonObject { ["cpu-index"] = vcpu.Index, ["wfe-traps"] = vcpu.WfeTraps });
        }

        return new JsonObject
        {
            ["enabled"] = vm.WfePolicy.Enabled,
            ["hypervisor"] = Agent(vm.HypervisorChannel),
            ["secure-monitor"] = Agent(vm.MonitorChannel),
            ["vcpus"] = vcpus,
        };
    }

    private JsonObject InjectPseudoNmi(JsonElement args)
    {
        Machine machine = Current();
        if (args.TryGetProperty("cpu-index", out JsonElement index))
        {
            int cpu = index.ValueKind == JsonValueKind.Number ? index.GetInt32() : -1;
            if ((uint)cpu >= (uint)machine.Vm.Vcpus.Count)
            {
                throw new QmpError($"CPU {cpu} is not present");
            }

            if (!machine.Interrupts.RaisePseudoNmi(cpu))
            {
                throw new QmpError("this machine designates no pseudo-NMI (start it with --pseudo-nmi INTID)");
            }
        }
        else if (!machine.SendNmi())
        {
            throw new QmpError("this machine designates no pseudo-NMI (start it with --pseudo-nmi INTID)");
        }

        return new JsonObject();
    }

    private static string ActionName(WatchdogAction action) => action switch
    {
        WatchdogAction.ResetVm => "reset",
        WatchdogAction.InjectInterrupt => "inject-nmi",
        _ => "none",
    };

    private static string StringArgument(JsonElement args, string name) =>
        args.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new QmpError($"Invalid parameter type for '{name}', expected: string");

    private static (int Major, int Minor, int Micro) VersionNumbers()
    {
        string[] parts = SnapshotFormat.ArmvisorVersion.Split('.', '-');
        int Part(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : 0;
        return (Part(0), Part(1), Part(2));
    }

    private static JsonObject VersionObject(int major, int minor, int micro) => new()
    {
        ["qemu"] = new JsonObject { ["micro"] = micro, ["minor"] = minor, ["major"] = major },
        ["package"] = $"Armvisor {SnapshotFormat.ArmvisorVersion}",
    };
}
