using System.Text.Json;
using Json.Schema;

namespace Armvisor.Integration.Tests.Infrastructure;

/// <summary>The documented JSON schemas of command output (docs/schemas); asserts a document conforms.</summary>
public static class OutputSchemas
{
    public static JsonElement AssertValid(string schemaFile, string json)
    {
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(ArmvisorCli.RepositoryRoot, "docs", "schemas", schemaFile)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
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
}
