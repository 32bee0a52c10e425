namespace Armvisor.Bench.Qemu;

/// <summary>The end of a QEMU run: exit code, the guest's serial output, the wall time, whether it had to be killed.</summary>
public sealed record QemuResult(int ExitCode, string Output, string Errors, TimeSpan Elapsed, bool TimedOut)
{
    /// <summary>Serial output split in lines, without carriage returns.</summary>
    public IReadOnlyList<string> Lines => Output.Replace("\r", "", StringComparison.Ordinal)
        .Split('\n', StringSplitOptions.None).Where(l => l.Length > 0).ToArray();

    /// <summary>Why QEMU did not run the guest (one line naming what is missing), or null when it did.</summary>
    public string? StartFailure => TimedOut ? null : ReferenceToolDiagnosis.Explain(ToolLocator.Qemu, ExitCode, Output, Errors);
}
