using System.Text;

namespace Armvisor.Vmm.Gdb;

/// <summary>Frames replies as <c>$payload#cc</c> (GDB manual E.1), escaping '$', '#', '}' and '*' in binary data.</summary>
internal static class GdbPacketWriter
{
    public static byte[] Frame(string payload)
    {
        var builder = new StringBuilder(payload.Length + 4);
        builder.Append('$');
        int sum = 0;
        foreach (char c in payload)
        {
            builder.Append(c);
            sum += c & 0xFF;
        }

        builder.Append('#').Append((sum & 0xFF).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    /// <summary>Binary data in a reply (qXfer), with the RSP escapes.</summary>
    public static string EscapeBinary(ReadOnlySpan<char> data)
    {
        var builder = new StringBuilder(data.Length);
        foreach (char c in data)
        {
            if (c is '$' or '#' or '}' or '*')
            {
                builder.Append('}').Append((char)(c ^ 0x20));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
