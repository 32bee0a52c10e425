using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.Acpi.Aml;

/// <summary>
/// A small AML encoder (ACPI 6.5 §20.2): names, integers, strings, buffers, Name, Scope and Device. Each method
/// returns the encoded term so that a DSDT reads like the ASL it stands for.
/// </summary>
public static class AmlEncoder
{
    /// <summary>Scope (path) { terms }.</summary>
    public static byte[] Scope(string path, params byte[][] terms) =>
        [(byte)AmlOpcode.Scope, .. WithPackageLength([.. NameString(path), .. terms.SelectMany(t => t)])];

    /// <summary>Device (name) { terms }.</summary>
    public static byte[] Device(string name, params byte[][] terms) =>
        [(byte)((ushort)AmlOpcode.Device >> 8), (byte)((ushort)AmlOpcode.Device & 0xFF), .. WithPackageLength([.. NameString(name), .. terms.SelectMany(t => t)])];

    /// <summary>Name (name, object).</summary>
    public static byte[] Name(string name, byte[] value) => [(byte)AmlOpcode.Name, .. NameString(name), .. value];

    /// <summary>A String constant.</summary>
    public static byte[] String(string value)
    {
        if (value.Any(c => c is '\0' or > '\x7F'))
        {
            throw new ArgumentException("AML strings are 7-bit ASCII without NUL", nameof(value));
        }

        return [(byte)AmlOpcode.StringPrefix, .. Encoding.ASCII.GetBytes(value), 0];
    }

    /// <summary>The shortest integer encoding: Zero, One, or a Byte/Word/DWord/QWord constant.</summary>
    public static byte[] Integer(ulong value)
    {
        switch (value)
        {
            case 0:
                return [(byte)AmlOpcode.Zero];
            case 1:
                return [(byte)AmlOpcode.One];
            case <= byte.MaxValue:
                return [(byte)AmlOpcode.BytePrefix, (byte)value];
            case <= ushort.MaxValue:
            {
                var b = new byte[3];
                b[0] = (byte)AmlOpcode.WordPrefix;
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(1), (ushort)value);
                return b;
            }

            case <= uint.MaxValue:
            {
                var b = new byte[5];
                b[0] = (byte)AmlOpcode.DWordPrefix;
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1), (uint)value);
                return b;
            }

            default:
            {
                var b = new byte[9];
                b[0] = (byte)AmlOpcode.QWordPrefix;
                BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(1), value);
                return b;
            }
        }
    }

    /// <summary>Buffer () { bytes }.</summary>
    public static byte[] Buffer(byte[] contents) =>
        [(byte)AmlOpcode.Buffer, .. WithPackageLength([.. Integer((ulong)contents.Length), .. contents])];

    /// <summary>Package () { elements } (§20.2.5.4 DefPackage: PkgLength, NumElements, PackageElementList).</summary>
    public static byte[] Package(params byte[][] elements)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elements.Length, byte.MaxValue);
        return [(byte)AmlOpcode.Package, .. WithPackageLength([(byte)elements.Length, .. elements.SelectMany(e => e)])];
    }

    /// <summary>
    /// ToUUID ("aabbccdd-eeff-gghh-iijj-kkllmmnnoopp") (ACPI 6.5 §19.6.142): a 16-byte buffer whose first three fields
    /// are little-endian, the byte order of <see cref="Guid.ToByteArray()"/>.
    /// </summary>
    public static byte[] Uuid(Guid uuid) => Buffer(uuid.ToByteArray());

    /// <summary>
    /// A NameString (§20.2.2): optional root prefix '\', then one or two 4-character segments separated by '.';
    /// shorter segments are padded with '_' as ASL does.
    /// </summary>
    public static byte[] NameString(string path)
    {
        var bytes = new List<byte>();
        if (path.StartsWith('\\'))
        {
            bytes.Add((byte)AmlOpcode.RootChar);
            path = path[1..];
        }

        var segments = path.Split('.');
        if (segments.Length == 2)
        {
            bytes.Add((byte)AmlOpcode.DualNamePrefix);
        }
        else if (segments.Length != 1)
        {
            throw new ArgumentException($"name path \"{path}\" has more than two segments", nameof(path));
        }

        foreach (var segment in segments)
        {
            if (segment.Length is 0 or > 4 || !(char.IsAsciiLetterUpper(segment[0]) || segment[0] == '_')
                || !segment.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                throw new ArgumentException($"invalid AML name segment \"{segment}\"", nameof(path));
            }

            bytes.AddRange(Encoding.ASCII.GetBytes(segment.PadRight(4, '_')));
        }

        return [.. bytes];
    }

    /// <summary>
    /// Prefixes <paramref name="body"/> with its PkgLength (§20.2.4): the length counts the PkgLength bytes themselves;
    /// one byte holds up to 63, otherwise bits 7:6 give the number of following bytes and bits 3:0 the low nibble.
    /// </summary>
    public static byte[] WithPackageLength(byte[] body)
    {
        for (var extra = 0; extra <= 3; extra++)
        {
            var total = body.Length + 1 + extra;
            var fits = extra == 0 ? total < 0x40 : total < 1 << (4 + (8 * extra));
            if (!fits)
            {
                continue;
            }

            var encoded = new byte[1 + extra];
            if (extra == 0)
            {
                encoded[0] = (byte)total;
            }
            else
            {
                encoded[0] = (byte)((extra << 6) | (total & 0xF));
                for (var i = 1; i <= extra; i++)
                {
                    encoded[i] = (byte)(total >> (4 + (8 * (i - 1))));
                }
            }

            return [.. encoded, .. body];
        }

        throw new ArgumentException("AML package longer than 2^28 bytes", nameof(body));
    }
}
