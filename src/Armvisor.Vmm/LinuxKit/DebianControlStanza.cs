namespace Armvisor.Vmm.LinuxKit;

/// <summary>
/// One stanza of Debian control data (apt-cache show output): <c>Field: value</c> lines, continuation lines start
/// with a space (Debian Policy §5.1).
/// </summary>
public sealed class DebianControlStanza
{
    private readonly Dictionary<string, string> _fields;

    private DebianControlStanza(Dictionary<string, string> fields) => _fields = fields;

    public string? this[string field] => _fields.TryGetValue(field, out string? value) ? value : null;

    /// <summary>Parses the first stanza of <paramref name="text"/> (stanzas are separated by an empty line).</summary>
    public static DebianControlStanza ParseFirst(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? current = null;
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (fields.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (current is not null)
                {
                    fields[current] += "\n" + line.Trim();
                }

                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            current = line[..colon];
            fields[current] = line[(colon + 1)..].Trim();
        }

        return new DebianControlStanza(fields);
    }

    /// <summary>The package names of a relationship field (Depends), first alternative of each, no versions.</summary>
    public IReadOnlyList<string> RelationNames(string field) =>
        this[field] is not { } value
            ? []
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(r => r.Split('|')[0].Trim())
                .Select(r => r.Split([' ', '('], 2)[0])
                .Select(r => r.Split(':')[0])
                .Where(r => r.Length > 0)
                .ToArray();
}
