namespace Armvisor.Fleet.Output;

/// <summary>How a command prints its records (<c>--output</c>/<c>-o</c>); JSON forms follow docs/output.md's schemas.</summary>
public enum OutputFormat
{
    /// <summary>A table for people: Spectre's view on a terminal, plain aligned columns in a pipe.</summary>
    Table,

    /// <summary>One JSON document (indented) with a <c>schema</c> field naming its versioned schema.</summary>
    Json,

    /// <summary>One JSON object per line (JSON Lines), one per record, each with its <c>schema</c> field.</summary>
    Jsonl,
}
