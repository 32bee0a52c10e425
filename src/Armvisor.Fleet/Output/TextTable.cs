using System.Text;
using Spectre.Console;

namespace Armvisor.Fleet.Output;

/// <summary>
/// A table of records as plain data, drawn either with Spectre (box drawing, colours: a terminal, or
/// <see cref="TableStyle.Box"/>) or as plain aligned columns: a header line, then one line per record, columns
/// separated by two spaces, never wrapped or truncated, no trailing blanks (what <c>grep</c>, <c>awk</c>, <c>cut</c>
/// expect; kubectl's and docker's tables have this shape).
/// </summary>
public sealed class TextTable
{
    private readonly List<(string Name, bool Right)> _columns = [];
    private readonly List<(string Text, CellTone Tone)[]> _rows = [];

    public TextTable(params string[] columns)
    {
        foreach (string column in columns)
        {
            _columns.Add((column, false));
        }
    }

    /// <summary>A title line, drawn above a Spectre table; plain tables have none (the header is the first line).</summary>
    public string? Title { get; init; }

    public int RowCount => _rows.Count;

    public TextTable RightAlign(params string[] columns)
    {
        for (int i = 0; i < _columns.Count; i++)
        {
            if (columns.Contains(_columns[i].Name))
            {
                _columns[i] = (_columns[i].Name, true);
            }
        }

        return this;
    }

    public void AddRow(params string[] cells) => AddRow(cells.Select(c => (c, CellTone.None)).ToArray());

    public void AddRow(params (string Text, CellTone Tone)[] cells)
    {
        if (cells.Length != _columns.Count)
        {
            throw new ArgumentException($"{cells.Length} cells for {_columns.Count} columns", nameof(cells));
        }

        // A line break inside a cell would split one record over two lines of a plain table.
        _rows.Add(cells.Select(c => (c.Text.ReplaceLineEndings(" "), c.Tone)).ToArray());
    }

    /// <summary>Draws the table to standard output as <paramref name="style"/> and the terminal state say.</summary>
    public void WriteTo(TextWriter writer, bool isTerminal, TableStyle style)
    {
        if (style == TableStyle.Plain || (style == TableStyle.Auto && !isTerminal))
        {
            writer.Write(ToPlainText());
            return;
        }

        Terminal.Console(writer, isTerminal).Write(ToSpectre());
    }

    /// <summary>The plain form: header line and rows, columns two spaces apart.</summary>
    public string ToPlainText()
    {
        int[] widths = _columns.Select((c, i) => _rows.Select(r => r[i].Text.Length).Append(c.Name.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendLine(text, _columns.Select(c => c.Name).ToArray(), widths);
        foreach (var row in _rows)
        {
            AppendLine(text, row.Select(c => c.Text).ToArray(), widths);
        }

        return text.ToString();
    }

    public Table ToSpectre()
    {
        var table = new Table().Border(TableBorder.Rounded);
        if (Title is not null)
        {
            table.Title(Markup.Escape(Title));
        }

        foreach (var (name, right) in _columns)
        {
            var column = new TableColumn(Markup.Escape(name)).NoWrap();
            table.AddColumn(right ? column.RightAligned() : column);
        }

        foreach (var row in _rows)
        {
            table.AddRow(row.Select(c => c.Tone switch
            {
                CellTone.Good => $"[green]{Markup.Escape(c.Text)}[/]",
                CellTone.Bad => $"[red]{Markup.Escape(c.Text)}[/]",
                _ => Markup.Escape(c.Text),
            }).ToArray());
        }

        return table;
    }

    private void AppendLine(StringBuilder text, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            bool last = i == cells.Length - 1;
            line.Append(_columns[i].Right ? cells[i].PadLeft(widths[i]) : last ? cells[i] : cells[i].PadRight(widths[i]));
        }

        text.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
