namespace Armvisor.Core.Semihosting;

/// <summary>What a semihosting call returns in X0, and the exit status when it ends the run (SYS_EXIT).</summary>
public readonly record struct SemihostingResult(ulong Value, int? ExitStatus = null)
{
    /// <summary>-1, the usual failure value.</summary>
    public static SemihostingResult Failed { get; } = new(ulong.MaxValue);
}
