using System.Buffers.Binary;

namespace Armvisor.Firmware.Acpi.Aml;

/// <summary>Resource descriptors for _CRS buffers (ACPI 6.5 §6.4 "Resource Data Types for ACPI").</summary>
public static class AmlResource
{
    /// <summary>Large item 0x86, 32-Bit Fixed Memory Range Descriptor (§6.4.3.4), 12 bytes.</summary>
    private const byte Memory32FixedTag = 0x86;

    /// <summary>Large item 0x89, Extended Interrupt Descriptor (§6.4.3.6).</summary>
    private const byte ExtendedInterruptTag = 0x89;

    /// <summary>Small item End Tag (§6.4.2.9): 0x79 and a checksum byte (0 = not checked).</summary>
    private static ReadOnlySpan<byte> EndTag => [0x79, 0x00];

    /// <summary>Memory32Fixed (ReadWrite/ReadOnly, base, length).</summary>
    public static byte[] Memory32Fixed(bool readWrite, uint address, uint length)
    {
        var d = new byte[12];
        d[0] = Memory32FixedTag;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(1), 9);
        d[3] = readWrite ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(4), address);
        BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(8), length);
        return d;
    }

    /// <summary>Interrupt (ResourceConsumer, Level/Edge, ActiveHigh, Exclusive) { GSIVs }.</summary>
    public static byte[] Interrupt(bool edgeTriggered, params uint[] interrupts)
    {
        var d = new byte[5 + (4 * interrupts.Length)];
        d[0] = ExtendedInterruptTag;
        BinaryPrimitives.WriteUInt16LittleEndian(d.AsSpan(1), (ushort)(2 + (4 * interrupts.Length)));
        // Flags: bit 0 consumer, bit 1 edge, bit 2 active-low (0), bit 3 shared (0), bit 4 wake capable (0).
        d[3] = (byte)(1 | (edgeTriggered ? 2 : 0));
        d[4] = (byte)interrupts.Length;
        for (var i = 0; i < interrupts.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(d.AsSpan(5 + (4 * i)), interrupts[i]);
        }

        return d;
    }

    /// <summary>ResourceTemplate () { descriptors }: the descriptors plus the End Tag, as an AML Buffer.</summary>
    public static byte[] Template(params byte[][] descriptors) =>
        AmlEncoder.Buffer([.. descriptors.SelectMany(d => d), .. EndTag]);
}
