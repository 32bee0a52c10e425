using System.Text.Json;
using Json.Schema;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>The documented JSON schemas of command output (docs/schemas), loaded once; asserts a document conforms.</summary>
public static class OutputSchemas
{
    private static readonly Lazy<(BuildOptions Options, Dictionary<string, JsonSchema> Schemas)> Loaded = new(Load);

    public static string Directory => Path.Combine(RepositoryRoot, "docs", "schemas");

    public static string RepositoryRoot
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.slnx")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Asserts <paramref name="json"/> is valid against docs/schemas/<paramref name="schemaFile"/> (formats checked too).</summary>
    public static JsonElement AssertValid(string schemaFile, string json)
    {
        var schema = Loaded.Value.Schemas[schemaFile];
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
            Assert.Fail($"{schemaFile} rejects the output:\n{string.Join('\n', errors)}\n--- output ---\n{json}");
        }

        return document.RootElement.Clone();
    }

    private static (BuildOptions, Dictionary<string, JsonSchema>) Load()
    {
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        // The host schema first: the others refer to its definitions.
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*.schema.json").OrderBy(f => f.Contains("fleet-host", StringComparison.Ordinal) ? 0 : 1))
        {
            schemas[Path.GetFileName(file)] = JsonSchema.FromText(File.ReadAllText(file), options);
        }

        return (options, schemas);
    }
}
