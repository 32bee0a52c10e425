namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// What a guest-kit guest printed, parsed: lines "case: key=value key=value", the end line
/// "GUESTKIT-END guest failures=N" and the halt line (docs/guest-kit.md, guests/wfe/kit/kit.h).
/// </summary>
public sealed class GuestReport
{
    private readonly Dictionary<string, string> _lines = new(StringComparer.Ordinal);

    public GuestReport(string output, int exitCode, string diagnostics = "")
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = output.Replace("\r", "", StringComparison.Ordinal);
        ExitCode = exitCode;
        Diagnostics = diagnostics;
        foreach (string line in Output.Split('\n'))
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0 && !line[..colon].Contains(' ', StringComparison.Ordinal))
            {
                _lines.TryAdd(line[..colon], line[(colon + 2)..]);
            }
        }
    }

    /// <summary>Everything the guest printed (no carriage returns).</summary>
    public string Output { get; }

    /// <summary>The process exit code (QEMU's, or armvisor's <c>GuestOutcome</c>).</summary>
    public int ExitCode { get; }

    /// <summary>Host-side text for failure messages (stderr).</summary>
    public string Diagnostics { get; }

    /// <summary>The guest's own failure count from the end line, or null when the end line is missing.</summary>
    public int? Failures
    {
        get
        {
            const string marker = "GUESTKIT-END ";
            int at = Output.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            string line = Output[at..].Split('\n')[0];
            int eq = line.LastIndexOf("failures=", StringComparison.Ordinal);
            return eq < 0 ? null : int.Parse(line[(eq + 9)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The text after "<paramref name="name"/>: ", or throws with the whole output.</summary>
    public string Line(string name) =>
        _lines.TryGetValue(name, out string? text) ? text : throw new Xunit.Sdk.XunitException($"no '{name}:' line in:\n{this}");

    public bool HasLine(string name) => _lines.ContainsKey(name);

    /// <summary>The value of <paramref name="key"/> on the "<paramref name="name"/>:" line.</summary>
    public string Value(string name, string key)
    {
        foreach (string field in Line(name).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = field.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && field[..eq] == key)
            {
                return field[(eq + 1)..];
            }
        }

        throw new Xunit.Sdk.XunitException($"no {key}= on the '{name}:' line in:\n{this}");
    }

    public long Number(string name, string key)
    {
        string text = Value(name, key);
        return text.StartsWith("0x", StringComparison.Ordinal)
            ? Convert.ToInt64(text[2..], 16)
            : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Asserts <paramref name="key"/>=<paramref name="expected"/> on the line, showing the whole output on failure.</summary>
    public void Expect(string name, string key, string expected) =>
        Assert.True(Value(name, key) == expected, $"{name}: {key} is {Value(name, key)}, expected {expected}\n{this}");

    /// <summary>The guest ran to its end line and found no failures itself.</summary>
    public void ExpectCleanEnd() =>
        Assert.True(Failures == 0, $"guest end line missing or failures reported\n{this}");

    public override string ToString() => $"exit {ExitCode}\n--- guest output\n{Output}\n--- host\n{Diagnostics}";
}
