using System.Buffers.Binary;

namespace Armvisor.Firmware.Acpi;

/// <summary>Reads and writes <see cref="FadtBootFlags"/> in a FADT.</summary>
public static class FadtBootFlagsField
{
    public static FadtBootFlags Read(ReadOnlySpan<byte> fadt)
    {
        if (fadt.Length < FadtLayout.ArmBootArchOffset + 2)
        {
            throw new AcpiTableException($"FADT of {fadt.Length} bytes has no ARM_BOOT_ARCH field (offset {FadtLayout.ArmBootArchOffset})");
        }

        return (FadtBootFlags)BinaryPrimitives.ReadUInt16LittleEndian(fadt[FadtLayout.ArmBootArchOffset..]);
    }

    internal static void Write(Span<byte> fadt, FadtBootFlags flags) =>
        BinaryPrimitives.WriteUInt16LittleEndian(fadt[FadtLayout.ArmBootArchOffset..], (ushort)flags);
}
