namespace Armvisor.Bench.Harness;

/// <summary>The end of a bare-metal run: why, what the guest printed, how many instructions it retired, how long it took.</summary>
public sealed record HarnessResult(
    HarnessOutcome Outcome,
    string Output,
    ulong InstructionsRetired,
    TimeSpan Elapsed,
    string? Diagnostic)
{
    /// <summary>Guest output split in lines, without carriage returns.</summary>
    public IReadOnlyList<string> Lines => Output.Replace("\r", "", StringComparison.Ordinal)
        .Split('\n', StringSplitOptions.None).Where(l => l.Length > 0).ToArray();
}
