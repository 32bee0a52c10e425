namespace Armvisor.Vmm.Control;

/// <summary>How a run is controlled from outside: the control sockets, a snapshot to restore, and whether to start paused.</summary>
/// <param name="QmpSocket">Unix socket path for the QMP-compatible control API (--qmp and --api), or null.</param>
/// <param name="WaitForClient">Start the guest only once a control client has connected (QEMU's server,wait=on).</param>
/// <param name="RestorePath">A snapshot to continue instead of booting (--restore).</param>
/// <param name="StartPaused">The vCPUs start parked until a <c>cont</c> (QEMU's -S).</param>
public sealed record ControlOptions(string? QmpSocket = null, bool WaitForClient = false, string? RestorePath = null, bool StartPaused = false)
{
    /// <summary>
    /// Parses QEMU's chardev spelling <c>unix:PATH[,server][,wait=on|off][,nowait]</c>. Armvisor always serves (there
    /// is no client mode), so <c>server</c> may be left out; without <c>wait=off</c> the guest waits for a client, as
    /// QEMU does.
    /// </summary>
    public static (string Path, bool Wait) ParseSocket(string text, string option)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split(',');
        if (!parts[0].StartsWith("unix:", StringComparison.Ordinal) || parts[0].Length <= 5)
        {
            throw new MachineConfigurationException($"bad {option} '{text}': expected unix:PATH[,server][,wait=off]");
        }

        bool server = option == "--api";
        bool wait = true;
        foreach (string part in parts.Skip(1))
        {
            switch (part)
            {
                case "server" or "server=on":
                    server = true;
                    break;
                case "wait=off" or "nowait":
                    wait = false;
                    break;
                case "wait=on" or "wait":
                    wait = true;
                    break;
                default:
                    throw new MachineConfigurationException($"bad {option} '{text}': unknown part '{part}'");
            }
        }

        // --api is a plain listening socket (Firecracker's --api-sock): it never makes the guest wait.
        return (parts[0][5..], server && wait && option != "--api");
    }
}
