namespace Armvisor.Vmm.LinuxKit;

/// <summary>The console lines one script printed between its marker lines, and its exit status (null if it never ended).</summary>
public sealed record GuestScriptResult(string Name, IReadOnlyList<string> Lines, int? Status)
{
    /// <summary>The lines joined with '\n' (what the comparisons use).</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>The value of the first "KEY=VALUE" (space-separated) this script printed, or null.</summary>
    public string? Value(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string prefix = key + "=";
        foreach (string line in Lines)
        {
            foreach (string word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (word.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return word[prefix.Length..];
                }
            }
        }

        return null;
    }
}
