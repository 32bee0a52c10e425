using System.Text.Json.Serialization;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Output;

/// <summary><c>image build -o json</c> (schema <see cref="SchemaIds.Image"/>).</summary>
public sealed record ImageDocument
{
    [JsonPropertyName("schema")]
    public string Schema { get; init; } = SchemaIds.Image;

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("directory")]
    public required string Directory { get; init; }

    [JsonPropertyName("files")]
    public required int Files { get; init; }

    [JsonPropertyName("bytes")]
    public required long Bytes { get; init; }

    [JsonPropertyName("agentCommand")]
    public required IReadOnlyList<string> AgentCommand { get; init; }

    public static ImageDocument From(MasterImage image) => new()
    {
        Id = image.Id,
        Version = image.Manifest.Version,
        Directory = image.Directory,
        Files = image.Manifest.Files.Count,
        Bytes = image.Manifest.Files.Sum(f => f.Size),
        AgentCommand = image.Manifest.AgentCommand,
    };
}
