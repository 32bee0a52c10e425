using System.Globalization;
using System.Text;

namespace Armvisor.Bench.Benchmark;

/// <summary>Guest instructions per second on Armvisor and on QEMU, measured in the same run.</summary>
public sealed class BenchmarkReport
{
    public required string Machine { get; init; }

    public required ulong InstructionsPerIteration { get; init; }

    public required int ArmvisorIterations { get; init; }

    public required TimeSpan ArmvisorTime { get; init; }

    public required double ArmvisorRate { get; init; }

    public int QemuIterations { get; init; }

    public TimeSpan QemuTime { get; init; }

    /// <summary>QEMU's rate, or null when QEMU was not run.</summary>
    public double? QemuRate { get; init; }

    /// <summary>Both printed the same results (CRC, sort hash, SHA-256) for the same iteration count.</summary>
    public required bool Consistent { get; init; }

    public required string ArmvisorOutput { get; init; }

    public string? QemuOutput { get; init; }

    public string Format()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine(c, $"machine: {Machine}");
        s.AppendLine(c, $"guest: CRC-32 16 KiB + quicksort 2048 + SHA-256 8 KiB per iteration, {InstructionsPerIteration} instructions per iteration");
        s.AppendLine(c, $"Armvisor: {ArmvisorIterations} iterations in {ArmvisorTime.TotalSeconds:F2} s = {ArmvisorRate / 1e6:F1} M guest instructions/s");
        if (QemuRate is { } q)
        {
            s.AppendLine(c, $"QEMU TCG: {QemuIterations} iterations in {QemuTime.TotalSeconds:F2} s (start-up subtracted) = {q / 1e6:F1} M guest instructions/s");
            s.AppendLine(c, $"ratio Armvisor/QEMU: {ArmvisorRate / q:F3} (target >= 0.333)");
        }

        s.AppendLine(Consistent ? "results: identical on both" : $"results DIFFER:\n  armvisor: {ArmvisorOutput}\n  qemu: {QemuOutput}");
        return s.ToString();
    }
}
