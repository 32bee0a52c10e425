using System.Diagnostics;
using System.Text;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Providers;

/// <summary>
/// Instances as processes. Each instance has a "machine": a small shell loop (its hardware) started in its own
/// session (setsid), so it outlives the daemon. Power-on runs the agent from the instance's own image copy; exit
/// code 3 is a reboot, i.e. a real process restart; anything else halts. The machine holds an flock on the instance
/// so two starts never boot it twice. Instances are told apart by loopback address (127.S.x.y), see
/// <see cref="LoopbackAddresses"/>.
/// </summary>
public sealed class LocalProcessProvider : LocalProviderBase
{
    private const string MachineScript = """
        #!/bin/sh
        # Instance hardware: boot loop of one instance. $1 = instance directory, $2 = launch | power-on.
        dir="$1"
        # Detach from whoever started the machine: it must not hold the daemon's stdout/stderr open.
        exec </dev/null >>"$dir/console.log" 2>&1
        exec 9>"$dir/machine.lock"
        flock -n 9 || exit 0
        if [ "$2" = launch ] && [ -e "$dir/launched" ]; then exit 0; fi
        : > "$dir/launched"
        rm -f "$dir/halted"
        while :; do
          @AGENT@ --disk "$dir/disk" --hardware "$dir/hardware.json"
          rc=$?
          [ "$rc" -eq 3 ] || break
        done
        echo "$rc" > "$dir/halted.tmp" && mv "$dir/halted.tmp" "$dir/halted"
        """;

    public LocalProcessProvider(MasterImage image, LocalProviderOptions options) : base(image, options) { }

    public override string Name => "local";

    public override Task StartAsync(string instanceId, CancellationToken cancellationToken = default) => Power(instanceId, "launch");

    public override Task PowerOnAsync(string instanceId, CancellationToken cancellationToken = default) => Power(instanceId, "power-on");

    public override Task<InstancePower> DescribeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        string directory = InstanceDirectory(instanceId);
        var power = File.Exists(Path.Combine(directory, "halted")) ? InstancePower.Halted
            : File.Exists(Path.Combine(directory, "launched")) ? InstancePower.Running
            : Directory.Exists(directory) ? InstancePower.Allocated
            : InstancePower.Terminated;
        return Task.FromResult(power);
    }

    /// <summary>The instance's halt status (the last agent exit code), or null while it runs.</summary>
    public int? HaltStatus(string instanceId)
    {
        string path = Path.Combine(InstanceDirectory(instanceId), "halted");
        return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out int rc) ? rc : null;
    }

    private Task Power(string instanceId, string mode)
    {
        string directory = InstanceDirectory(instanceId);
        if (!File.Exists(Path.Combine(directory, InstanceHardware.FileName)))
        {
            throw new ProviderException($"instance {instanceId} is not allocated");
        }

        if (mode == "launch" && File.Exists(Path.Combine(directory, "launched")))
        {
            return Task.CompletedTask;
        }

        string script = Path.Combine(directory, "machine.sh");
        if (!File.Exists(script))
        {
            var disk = Disk(instanceId);
            var manifest = MasterImage.Open(disk.ImagePath).Manifest;
            string agent = string.Join(' ', manifest.AgentCommand.Select(a => Quote(a.Replace("{image}", "@IMAGE@", StringComparison.Ordinal)))).Replace("@IMAGE@", "'\"$dir/disk/image/files\"'", StringComparison.Ordinal);
            File.WriteAllText(script + ".tmp", MachineScript.Replace("@AGENT@", agent, StringComparison.Ordinal) + "\n");
            File.Move(script + ".tmp", script, overwrite: true);
        }

        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "-f", "/bin/sh", script, directory, mode })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start) ?? throw new ProviderException("setsid did not start");
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ProviderException($"start {instanceId}: {e.Message}", e);
        }

        return Task.CompletedTask;
    }

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("'");
        quoted.Append(s.Replace("'", "'\\''", StringComparison.Ordinal));
        return quoted.Append('\'').ToString();
    }
}
