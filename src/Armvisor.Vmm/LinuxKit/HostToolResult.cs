namespace Armvisor.Vmm.LinuxKit;

/// <summary>What a host tool printed and how it exited.</summary>
public sealed record HostToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last non-empty line of standard error (or output), for one-line messages.</summary>
    public string LastErrorLine =>
        (StandardError + "\n" + StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault(l => l.StartsWith("E:", StringComparison.Ordinal) || l.Contains("error", StringComparison.OrdinalIgnoreCase))
        ?? StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
        ?? $"exit code {ExitCode}";
}
