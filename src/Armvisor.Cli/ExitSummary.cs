using System.Text.Json.Serialization;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary>
/// How a guest run ended, for <c>--exit-summary</c> (schema <c>armvisor.run.exit-summary/v1</c>,
/// docs/schemas/run-exit-summary.v1.schema.json): outcome and exit code, the platform's reason, wall time, and the
/// guest instructions each vCPU retired over every boot of the run.
/// </summary>
internal sealed record ExitSummary
{
    public const string SchemaId = "armvisor.run.exit-summary/v1";

    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaId;

    [JsonPropertyName("outcome")]
    public required GuestOutcome Outcome { get; init; }

    [JsonPropertyName("exitCode")]
    public int ExitCode => (int)Outcome;

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    [JsonPropertyName("wallTimeSeconds")]
    public required double WallTimeSeconds { get; init; }

    [JsonPropertyName("boots")]
    public required int Boots { get; init; }

    [JsonPropertyName("guestInstructions")]
    public ulong GuestInstructions => Vcpus.Aggregate(0UL, (sum, v) => sum + v.Instructions);

    [JsonPropertyName("instructionsPerSecond")]
    public double InstructionsPerSecond => WallTimeSeconds > 0 ? Math.Round(GuestInstructions / WallTimeSeconds) : 0;

    [JsonPropertyName("vcpus")]
    public required IReadOnlyList<VcpuSummary> Vcpus { get; init; }
}
