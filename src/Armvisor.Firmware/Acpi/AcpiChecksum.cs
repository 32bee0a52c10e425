namespace Armvisor.Firmware.Acpi;

/// <summary>ACPI checksums: all bytes of the covered range sum to zero modulo 256 (ACPI 6.5 §5.2.6, §5.2.5.3).</summary>
public static class AcpiChecksum
{
    /// <summary>True when <paramref name="data"/> sums to 0 mod 256.</summary>
    public static bool IsValid(ReadOnlySpan<byte> data) => Sum(data) == 0;

    /// <summary>Rewrites the checksum byte at <paramref name="checksumOffset"/> so that <paramref name="data"/> sums to 0.</summary>
    public static void Fix(Span<byte> data, int checksumOffset)
    {
        data[checksumOffset] = 0;
        data[checksumOffset] = (byte)(0x100 - Sum(data));
    }

    private static byte Sum(ReadOnlySpan<byte> data)
    {
        byte sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        return sum;
    }
}
