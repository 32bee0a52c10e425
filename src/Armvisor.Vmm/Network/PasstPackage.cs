namespace Armvisor.Vmm.Network;

/// <summary>
/// Which passt runs, and what is known of the build: Debian 12's passt (0.0~git20230309.7c7625d) takes the guest's ACK
/// of its SYN-ACK for no progress (its acknowledged sequence starts at ISN+1, the ACK carries ISN+1), so its
/// ACK_FROM_TAP_DUE flag stays set on every guest TCP connection until the guest acknowledges data from the host. One
/// over which the host sends nothing is reset 24 s after it opened: the 10 s SYN timeout, then 7 retransmission rounds
/// of 2 s with nothing to retransmit (tcp.c, tcp_timer_handler). Fixed upstream by commit 4e73e9b (2023-03-27).
/// </summary>
public static class PasstPackage
{
    /// <summary>Overrides the passt executable (a path or a name looked up in PATH), e.g. a build with the fix.</summary>
    public const string ExecutableVariable = "ARMVISOR_PASST";

    /// <summary>The Debian package version prefix of the build with the reset.</summary>
    public const string ResettingVersion = "0.0~git20230309.";

    /// <summary>The passt executable: <see cref="ExecutableVariable"/> when set, else passt from PATH.</summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } custom ? custom : PasstBackend.Executable;

    /// <summary>The installed Debian package's version from dpkg's status file, or null without one.</summary>
    public static string? InstalledVersion(string statusFile = "/var/lib/dpkg/status")
    {
        if (!File.Exists(statusFile))
        {
            return null;
        }

        // deb-control(5): stanzas separated by blank lines, "Field: value" lines.
        bool inPasst = false;
        foreach (string line in File.ReadLines(statusFile))
        {
            if (line.Length == 0)
            {
                inPasst = false;
            }
            else if (line.StartsWith("Package: ", StringComparison.Ordinal))
            {
                inPasst = line == "Package: passt";
            }
            else if (inPasst && line.StartsWith("Version: ", StringComparison.Ordinal))
            {
                return line["Version: ".Length..].Trim();
            }
        }

        return null;
    }

    /// <summary>
    /// The warning for a passt build known to reset upload-only connections after 24 s, or null: only when passt is
    /// Debian's (no <see cref="ExecutableVariable"/>) and its package version is <see cref="ResettingVersion"/>.
    /// </summary>
    public static string? KnownDefect(string? customExecutable, string? packageVersion) =>
        string.IsNullOrEmpty(customExecutable) && packageVersion is not null
            && packageVersion.StartsWith(ResettingVersion, StringComparison.Ordinal)
            ? $"passt {packageVersion} resets a guest TCP connection 24 s after it opened when the host has sent nothing on it "
              + $"(an upload without replies; fixed upstream in passt commit 4e73e9b): set {ExecutableVariable} to a newer passt if that matters"
            : null;
}
