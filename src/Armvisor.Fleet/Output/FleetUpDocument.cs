using System.Text.Json.Serialization;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Output;

/// <summary>The final report of <c>fleet up</c> and <c>fleet daemon</c> (schema <see cref="SchemaIds.FleetUp"/>).</summary>
public sealed record FleetUpDocument
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaIds.FleetUp;

    [JsonPropertyName("elapsedSeconds")]
    public required double ElapsedSeconds { get; init; }

    [JsonPropertyName("total")]
    public required int Total { get; init; }

    [JsonPropertyName("provisioned")]
    public required int Provisioned { get; init; }

    [JsonPropertyName("failed")]
    public required int Failed { get; init; }

    [JsonPropertyName("hostsPerMinute")]
    public required double HostsPerMinute { get; init; }

    [JsonPropertyName("counts")]
    public required IReadOnlyDictionary<string, int> Counts { get; init; }

    [JsonPropertyName("hosts")]
    public required IReadOnlyList<HostDocument> Hosts { get; init; }

    [JsonPropertyName("failures")]
    public required IReadOnlyList<FailureDocument> Failures { get; init; }

    public static FleetUpDocument From(IReadOnlyList<HostRecord> hosts, TimeSpan elapsed)
    {
        int provisioned = hosts.Count(h => h.State == HostState.Provisioned);
        return new FleetUpDocument
        {
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            Total = hosts.Count,
            Provisioned = provisioned,
            Failed = hosts.Count(h => h.State == HostState.Failed),
            HostsPerMinute = elapsed > TimeSpan.Zero ? Math.Round(provisioned / elapsed.TotalMinutes, 1) : 0,
            Counts = HostDocument.Counts(hosts),
            Hosts = hosts.Select(h => HostDocument.From(h)).ToList(),
            Failures = FailureDocument.Of(hosts),
        };
    }
}
