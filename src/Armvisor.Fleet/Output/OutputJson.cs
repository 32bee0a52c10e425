using System.Text.Json;
using System.Text.Json.Serialization;

namespace Armvisor.Fleet.Output;

/// <summary>
/// The JSON of command output (docs/output.md): field names fixed by attributes on the document types, every field
/// always present (absent values are <c>null</c>), enums by name, times in ISO 8601 UTC. <c>json</c> is indented,
/// <c>jsonl</c> is one compact object per line.
/// </summary>
public static class OutputJson
{
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Writes <paramref name="document"/> as one indented JSON document followed by a newline.</summary>
    public static void WriteDocument<T>(TextWriter writer, T document) =>
        writer.Write(JsonSerializer.Serialize(document, Indented) + "\n");

    /// <summary>Writes each record as one line of JSON Lines.</summary>
    public static void WriteLines<T>(TextWriter writer, IEnumerable<T> records)
    {
        foreach (T record in records)
        {
            writer.Write(JsonSerializer.Serialize(record, Compact) + "\n");
        }
    }

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
