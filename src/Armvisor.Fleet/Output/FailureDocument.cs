using System.Text.Json.Serialization;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Output;

/// <summary>A Failed host, its phase and reason (the <c>failures</c> arrays of the fleet documents).</summary>
public sealed record FailureDocument
{
    [JsonPropertyName("hostId")]
    public required string HostId { get; init; }

    [JsonPropertyName("instanceId")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("phase")]
    public required string Phase { get; init; }

    [JsonPropertyName("reason")]
    public required string Reason { get; init; }

    public static IReadOnlyList<FailureDocument> Of(IEnumerable<HostRecord> hosts) =>
        hosts.Where(h => h.State == HostState.Failed)
            .Select(h => new FailureDocument { HostId = h.HostId, InstanceId = h.InstanceId, Phase = h.FailedPhase ?? "unknown", Reason = h.Reason ?? "unknown" })
            .ToList();
}
