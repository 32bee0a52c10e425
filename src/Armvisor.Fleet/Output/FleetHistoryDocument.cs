using System.Text.Json.Serialization;

namespace Armvisor.Fleet.Output;

/// <summary>State counts over time, as the status page's <c>/api/v1/history</c> serves them (schema <see cref="SchemaIds.FleetHistory"/>).</summary>
public sealed record FleetHistoryDocument
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaIds.FleetHistory;

    [JsonPropertyName("samples")]
    public required IReadOnlyList<CountsSample> Samples { get; init; }
}
