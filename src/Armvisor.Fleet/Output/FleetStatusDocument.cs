using System.Text.Json.Serialization;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Output;

/// <summary><c>fleet status -o json</c> and the status page's <c>/api/v1/status</c> (schema <see cref="SchemaIds.FleetStatus"/>).</summary>
public sealed record FleetStatusDocument
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaIds.FleetStatus;

    [JsonPropertyName("generatedAt")]
    public required DateTimeOffset GeneratedAt { get; init; }

    [JsonPropertyName("total")]
    public required int Total { get; init; }

    [JsonPropertyName("counts")]
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    [JsonPropertyName("hosts")]
    public required IReadOnlyList<HostDocument> Hosts { get; init; }

    [JsonPropertyName("failures")]
    public required IReadOnlyList<FailureDocument> Failures { get; init; }

    public static FleetStatusDocument From(IReadOnlyList<HostRecord> hosts, DateTimeOffset now) => new()
    {
        GeneratedAt = now.ToUniversalTime(),
        Total = hosts.Count,
        Counts = HostDocument.Counts(hosts),
        Hosts = hosts.Select(h => HostDocument.From(h)).ToList(),
        Failures = FailureDocument.Of(hosts),
    };
}
