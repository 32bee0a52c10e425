using System.Text.RegularExpressions;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// A guest's console output read back: whether the kit's marker appeared, each script's lines between its markers,
/// and the kernel problem lines (WARN/BUG/Oops/"SANITY CHECK") anywhere in it.
/// </summary>
public sealed partial class GuestTranscript
{
    private readonly Dictionary<string, GuestScriptResult> _scripts;

    private GuestTranscript(IReadOnlyList<string> lines, string? readyLine, Dictionary<string, GuestScriptResult> scripts)
    {
        Lines = lines;
        ReadyLine = readyLine;
        _scripts = scripts;
    }

    /// <summary>All console lines, CR stripped.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The marker line ("ARMVISOR-INITRAMFS-READY kernel=... cpus=N"), or null if it never came.</summary>
    public string? ReadyLine { get; }

    public bool IsReady => ReadyLine is not null;

    public IReadOnlyDictionary<string, GuestScriptResult> Scripts => _scripts;

    /// <summary>Kernel log lines that say something went wrong (the issue's "no WARN, BUG, Oops or SANITY CHECK").</summary>
    public IReadOnlyList<string> KernelProblems => Lines.Where(l => ProblemPattern().IsMatch(l)).ToArray();

    public static GuestTranscript Parse(string consoleText)
    {
        ArgumentNullException.ThrowIfNull(consoleText);
        string[] lines = consoleText.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        string? ready = null;
        var scripts = new Dictionary<string, GuestScriptResult>(StringComparer.Ordinal);
        string? current = null;
        var body = new List<string>();
        foreach (string line in lines)
        {
            if (line.StartsWith(GuestMarkers.Ready, StringComparison.Ordinal))
            {
                ready ??= line;
            }
            else if (line.StartsWith(GuestMarkers.ScriptBegin + " ", StringComparison.Ordinal))
            {
                current = line[(GuestMarkers.ScriptBegin.Length + 1)..].Trim();
                body = [];
                scripts[current] = new GuestScriptResult(current, body, null);
            }
            else if (current is not null && line.StartsWith(GuestMarkers.ScriptEnd + " " + current, StringComparison.Ordinal))
            {
                Match status = StatusPattern().Match(line);
                scripts[current] = new GuestScriptResult(current, body.ToArray(),
                    status.Success ? int.Parse(status.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
                current = null;
            }
            else if (current is not null)
            {
                body.Add(line);
            }
        }

        return new GuestTranscript(lines, ready, scripts);
    }

    /// <summary>The result of script <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> if it never started,
    /// with the console's last lines (why a guest stopped early is usually there).</summary>
    public GuestScriptResult Script(string name) =>
        _scripts.TryGetValue(name, out GuestScriptResult? result)
            ? result
            : throw new KeyNotFoundException(
                $"script {name} did not run; the console's last {Math.Min(Lines.Count, 30)} of {Lines.Count} lines:\n"
                + string.Join('\n', Lines.Skip(Math.Max(0, Lines.Count - 30))));

    /// <summary>The number after "cpus=" on the marker line, or null.</summary>
    public int? ReadyCpus =>
        ReadyLine is not null && CpusPattern().Match(ReadyLine) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    [GeneratedRegex(@"WARNING:|BUG:|Oops|SANITY CHECK|Unable to handle kernel|Kernel panic")]
    private static partial Regex ProblemPattern();

    [GeneratedRegex(@"status=(\d+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@"cpus=(\d+)")]
    private static partial Regex CpusPattern();
}
