namespace Armvisor.Bench.Differential;

/// <summary>What a random-instruction differential run does.</summary>
/// <param name="Count">Generated instructions (one per case).</param>
/// <param name="Seed">The run seed; the report prints it, and the same seed regenerates the same cases.</param>
/// <param name="BatchSize">Cases per guest image (one QEMU launch each).</param>
/// <param name="Classes">Only these instruction classes (null: all the table offers).</param>
/// <param name="EnableMmu">Run the cases with the identity map on (Normal memory) rather than with the MMU off.</param>
/// <param name="FirstCase">Index of the first case (to replay one case: <c>--first N --count 1</c>).</param>
/// <param name="MaxReported">Mismatches printed in detail.</param>
public sealed record DifferentialOptions(
    long Count,
    ulong Seed,
    int BatchSize = 20_000,
    IReadOnlyCollection<string>? Classes = null,
    bool EnableMmu = true,
    long FirstCase = 0,
    int MaxReported = 20);
