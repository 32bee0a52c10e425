using System.Diagnostics;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// A network namespace the test makes for itself (ip-netns(8)), deleted on dispose, with helpers to run commands in it.
/// Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN) and iproute2.
/// </summary>
internal sealed class HostNetworkNamespace : IDisposable
{
    public HostNetworkNamespace()
    {
        Name = $"armvisor-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
        Run("ip", "netns", "add", Name);
    }

    public string Name { get; }

    /// <summary>The prefix that runs a command inside the namespace.</summary>
    public IReadOnlyList<string> Exec => ["ip", "netns", "exec", Name];

    /// <summary>Why namespaces cannot be used here, or null when they can (probed by making and deleting one).</summary>
    public static string? Unavailable()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces need root (ip netns add)";
        }

        if (!File.Exists("/dev/net/tun"))
        {
            return "no /dev/net/tun";
        }

        try
        {
            using var probe = new HostNetworkNamespace();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "the sandbox forbids network namespaces: " + e.Message;
        }
    }

    /// <summary>Runs a shell command line inside the namespace; throws with its stderr when it fails.</summary>
    public void Shell(string commandLine) => Run([.. Exec, "sh", "-c", commandLine]);

    public void Dispose()
    {
        try
        {
            Run("ip", "netns", "del", Name);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)}: exit {process.ExitCode}: {errors.Trim()}");
        }
    }
}
