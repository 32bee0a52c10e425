using System.Globalization;
using System.Text;

namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// Writes a device tree as DTS source (DTSpec 0.4 §6: <c>/dts-v1/;</c>, <c>/memreserve/</c>, nodes and properties),
/// the text <c>dtc -I dtb -O dts</c> would give and <c>dtc</c> compiles back to the same tree. A property's form is
/// guessed from its bytes as dtc does: NUL-terminated printable strings as a string list, a multiple of 4 bytes as
/// cells (<c>&lt;0x…&gt;</c>, big-endian, §2.2.4), anything else as a bytestring (<c>[…]</c>).
/// </summary>
public static class DtsWriter
{
    public static string Write(FdtTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var text = new StringBuilder("/dts-v1/;\n\n");
        foreach (var (address, size) in tree.Reservations)
        {
            text.Append(CultureInfo.InvariantCulture, $"/memreserve/ 0x{address:x} 0x{size:x};\n");
        }

        if (tree.Reservations.Count > 0)
        {
            text.Append('\n');
        }

        WriteNode(text, tree.Root, 0);
        return text.ToString();
    }

    private static void WriteNode(StringBuilder text, FdtNode node, int depth)
    {
        string indent = new('\t', depth);
        text.Append(indent).Append(depth == 0 ? "/" : node.Name).Append(" {\n");
        foreach (FdtProperty property in node.Properties)
        {
            text.Append(indent).Append('\t').Append(property.Name);
            if (property.Value.Length > 0)
            {
                text.Append(" = ").Append(Value(property.Value));
            }

            text.Append(";\n");
        }

        for (int i = 0; i < node.Children.Count; i++)
        {
            if (i > 0 || node.Properties.Count > 0)
            {
                text.Append('\n');
            }

            WriteNode(text, node.Children[i], depth + 1);
        }

        text.Append(indent).Append("};\n");
    }

    private static string Value(byte[] value)
    {
        if (IsStringList(value))
        {
            var strings = Encoding.ASCII.GetString(value, 0, value.Length - 1).Split('\0');
            return string.Join(", ", strings.Select(s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        }

        if (value.Length % 4 == 0)
        {
            var cells = new FdtProperty(string.Empty, value).AsCells();
            return "<" + string.Join(' ', cells.Select(c => "0x" + c.ToString("x2", CultureInfo.InvariantCulture))) + ">";
        }

        return "[" + string.Join(' ', value.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>One or more non-empty runs of printable ASCII, each NUL-terminated.</summary>
    private static bool IsStringList(byte[] value)
    {
        if (value.Length == 0 || value[^1] != 0 || value[0] == 0)
        {
            return false;
        }

        for (int i = 0; i < value.Length - 1; i++)
        {
            byte b = value[i];
            if (b == 0 ? value[i + 1] == 0 : b is < 0x20 or > 0x7e)
            {
                return false;
            }
        }

        return true;
    }
}
