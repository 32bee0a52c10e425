using System.CommandLine;
using Armvisor.Fleet.Output;

namespace Armvisor.Fleet.Commands;

/// <summary><c>--output table|json|jsonl</c> (<c>-o</c>) and <c>--table-style auto|plain|box</c>, shared by every command that prints records.</summary>
internal sealed class OutputOptions
{
    public Option<OutputFormat> Format { get; } = new("--output", "-o")
    {
        Description = "Output format: table (default), json (one document, docs/output.md) or jsonl (one record per line).",
        DefaultValueFactory = _ => OutputFormat.Table,
        HelpName = "table|json|jsonl",
    };

    public Option<TableStyle> Style { get; } = new("--table-style")
    {
        Description = "auto (box drawing on a terminal, plain columns in a pipe), plain or box.",
        DefaultValueFactory = _ => TableStyle.Auto,
        HelpName = "auto|plain|box",
    };

    public OutputOptions()
    {
        Format.AcceptOnlyFromAmong("table", "json", "jsonl");
        Style.AcceptOnlyFromAmong("auto", "plain", "box");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Style);
    }
}
