using System.Buffers.Binary;
using System.Text;

namespace Armvisor.Firmware.Acpi;

/// <summary>An explicit little-endian writer for ACPI structures; <see cref="Table"/> adds the header, length and checksum.</summary>
public sealed class AcpiTableWriter
{
    private readonly List<byte> _bytes = [];

    public int Position => _bytes.Count;

    /// <summary>Builds a table: header with <paramref name="signature"/> and <paramref name="revision"/>, then the body.</summary>
    public static byte[] Table(string signature, byte revision, Action<AcpiTableWriter> body)
    {
        var writer = new AcpiTableWriter();
        writer.Ascii(signature, 4);
        writer.U32(0);                                   // Length, patched below
        writer.U8(revision);
        writer.U8(0);                                    // Checksum, fixed below
        writer.Ascii(AcpiTableHeader.OemId, 6);
        writer.Ascii(AcpiTableHeader.OemTableId, 8);
        writer.U32(1);                                   // OEM Revision
        writer.Ascii(AcpiTableHeader.CreatorId, 4);
        writer.U32(1);                                   // Creator Revision
        body(writer);
        var table = writer.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(AcpiTableHeader.LengthOffset), (uint)table.Length);
        AcpiChecksum.Fix(table, AcpiTableHeader.ChecksumOffset);
        return table;
    }

    public void U8(byte value) => _bytes.Add(value);

    public void U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        _bytes.AddRange(b);
    }

    public void U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.AddRange(b);
    }

    public void U64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        _bytes.AddRange(b);
    }

    public void Bytes(ReadOnlySpan<byte> value) => _bytes.AddRange(value);

    public void Zeros(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _bytes.Add(0);
        }
    }

    /// <summary>ASCII text padded with spaces (or truncated) to exactly <paramref name="length"/> bytes.</summary>
    public void Ascii(string text, int length) => _bytes.AddRange(Encoding.ASCII.GetBytes(text.PadRight(length)[..length]));

    /// <summary>Asserts the structure written so far has the size its specification table gives.</summary>
    public void ExpectPosition(int expected, string what)
    {
        if (Position != expected)
        {
            throw new InvalidOperationException($"{what} ends at offset {Position}, its layout says {expected}");
        }
    }

    public byte[] ToArray() => [.. _bytes];
}
