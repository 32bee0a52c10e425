using Armvisor.Fleet.Output;

namespace Armvisor.Fleet.Tests.Output;

public sealed class TextTableTests
{
    private static TextTable Sample()
    {
        var table = new TextTable("HOST", "STATE", "N", "REASON").RightAlign("N");
        table.AddRow("host-0001", "Provisioned", "7", "-");
        table.AddRow("host-0002", "Failed", "12", "a reason\nover two lines that is much longer than any terminal's default of eighty columns, by some way");
        return table;
    }

    [Fact]
    public void ToPlainText_LongCells_OneLineEachAlignedNoTrailingBlanks()
    {
        string text = Sample().ToPlainText();

        Assert.Equal(
            "HOST       STATE         N  REASON\n" +
            "host-0001  Provisioned   7  -\n" +
            "host-0002  Failed       12  a reason over two lines that is much longer than any terminal's default of eighty columns, by some way\n",
            text);
    }

    [Fact]
    public void WriteTo_AutoNotTerminal_Plain()
    {
        var writer = new StringWriter();
        Sample().WriteTo(writer, isTerminal: false, TableStyle.Auto);

        Assert.Equal(Sample().ToPlainText(), writer.ToString());
    }

    [Fact]
    public void WriteTo_BoxNotTerminal_BoxWithoutEscapesOrWrapping()
    {
        var writer = new StringWriter();
        Sample().WriteTo(writer, isTerminal: false, TableStyle.Box);
        string text = writer.ToString();

        Assert.Contains("╭", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("by some way", text.Split('\n').Single(l => l.Contains("host-0002", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
