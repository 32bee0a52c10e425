using System.Text.Json.Serialization;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Output;

/// <summary>
/// One host as command output shows it (schema <see cref="SchemaIds.FleetHost"/>): the store's record without the
/// sealed configuration (a secret). <see cref="Schema"/> is set on JSON Lines records and null inside documents.
/// </summary>
public sealed record HostDocument
{
    [JsonPropertyName("schema")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Schema { get; init; }

    [JsonPropertyName("hostId")]
    public required string HostId { get; init; }

    [JsonPropertyName("index")]
    public required int Index { get; init; }

    [JsonPropertyName("state")]
    public required HostState State { get; init; }

    [JsonPropertyName("version")]
    public required long Version { get; init; }

    [JsonPropertyName("instanceId")]
    public string? InstanceId { get; init; }

    [JsonPropertyName("address")]
    public string? Address { get; init; }

    [JsonPropertyName("configSha256")]
    public string? ConfigSha256 { get; init; }

    [JsonPropertyName("failedPhase")]
    public string? FailedPhase { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("attempts")]
    public required int Attempts { get; init; }

    [JsonPropertyName("enteredAt")]
    public required DateTimeOffset EnteredAt { get; init; }

    [JsonPropertyName("secretsRevoked")]
    public required bool SecretsRevoked { get; init; }

    public static HostDocument From(HostRecord record, bool withSchema = false) => new()
    {
        Schema = withSchema ? SchemaIds.FleetHost : null,
        HostId = record.HostId,
        Index = record.Index,
        State = record.State,
        Version = record.Version,
        InstanceId = record.InstanceId,
        Address = record.Address,
        ConfigSha256 = record.ConfigSha256,
        FailedPhase = record.FailedPhase,
        Reason = record.Reason,
        Attempts = record.Attempts,
        EnteredAt = record.EnteredAt.ToUniversalTime(),
        SecretsRevoked = record.SecretsRevoked,
    };

    /// <summary>Hosts per state, every state of <see cref="HostState"/> present (zero when no host is in it), in state-machine order.</summary>
    public static IReadOnlyDictionary<string, int> Counts(IEnumerable<HostRecord> hosts)
    {
        var list = hosts as IReadOnlyCollection<HostRecord> ?? hosts.ToList();

        // Dictionary enumerates in insertion order while nothing is removed: the JSON lists states in enum order.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (HostState state in Enum.GetValues<HostState>())
        {
            counts[state.ToString()] = list.Count(h => h.State == state);
        }

        return counts;
    }
}
