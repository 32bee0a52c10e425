using System.Text.Json.Serialization;

namespace Armvisor.Fleet.Output;

/// <summary>The hosts per state at one moment.</summary>
public sealed record CountsSample
{
    [JsonPropertyName("at")]
    public required DateTimeOffset At { get; init; }

    [JsonPropertyName("counts")]
    public required IReadOnlyDictionary<string, int> Counts { get; init; }
}
