namespace Armvisor.Bench.Benchmark;

/// <summary>One program's figures: median whole-process times on both emulators, and whether their outputs agreed.</summary>
/// <param name="Instructions">Guest instructions the program retires (counted by Armvisor), or null when not counted.</param>
public sealed record SuiteRow(
    SuiteProgram Program, TimeSpan ArmvisorMedian, TimeSpan QemuMedian, ulong? Instructions, bool SameOutput, string? Difference)
{
    /// <summary>Armvisor's time over QEMU's: below 1 is faster than QEMU.</summary>
    public double Ratio => ArmvisorMedian.TotalSeconds / QemuMedian.TotalSeconds;
}
