namespace Armvisor.Firmware.Efi;

/// <summary>
/// The CRC-32 UEFI table headers carry (UEFI 2.10 §4.2.1: "32-bit CRC for the entire table ... computed by setting
/// this field to 0"; the IEEE 802.3 polynomial, reflected, 0xEDB88320). Hand-written: System.IO.Hashing is not a
/// pinned package.
/// </summary>
public static class EfiCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
