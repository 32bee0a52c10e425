namespace Armvisor.Engine.A64.Instructions;

/// <summary>
/// Byte tables of the reflected CRC-32 polynomials the CRC32 instructions use (DDI0487 C6.2.87/C6.2.88):
/// 0x04C11DB7 (IEEE 802.3, reflected 0xEDB88320) and 0x1EDC6F41 (Castagnoli, reflected 0x82F63B78).
/// </summary>
internal static class Crc32Tables
{
    public static readonly uint[] Ieee = Build(0xEDB8_8320);

    public static readonly uint[] Castagnoli = Build(0x82F6_3B78);

    private static uint[] Build(uint reflectedPolynomial)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ reflectedPolynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
