using System.Numerics;

namespace Armvisor.Devices.Flash;

/// <summary>
/// One chip's Common Flash Interface query structure (JEDEC JESD68.01 "Common Flash Interface", §4: the "QRY" string,
/// system interface, device geometry; and the Intel primary vendor-specific extended query "PRI" at 0x31), built from
/// a <see cref="FlashGeometry"/>. Every chip of a bank answers with the same table in its own lane.
/// </summary>
internal static class CfiQueryTable
{
    private const int PrimaryExtendedTable = 0x31;

    public static byte[] Build(FlashGeometry geometry)
    {
        var table = new byte[0x40];
        void Put(int offset, params byte[] bytes) => bytes.CopyTo(table, offset);
        void Put16(int offset, int value) => Put(offset, (byte)value, (byte)(value >> 8));

        Put(0x10, (byte)'Q', (byte)'R', (byte)'Y');
        Put16(0x13, 0x0001);                                // primary algorithm: Intel/Sharp extended command set
        Put16(0x15, PrimaryExtendedTable);
        Put16(0x17, 0x0000);                                // no alternate command set
        Put16(0x19, 0x0000);
        Put(0x1B, 0x27, 0x36, 0x00, 0x00);                  // Vcc 2.7-3.6 V (BCD), no Vpp
        Put(0x1F, 0x07, 0x07, 0x0A, 0x00);                  // typical: word program 2^7 us, buffer 2^7 us, block erase 2^10 ms, no chip erase
        Put(0x23, 0x04, 0x04, 0x04, 0x00);                  // maximum: 2^4 times typical
        table[0x27] = (byte)BitOperations.Log2(geometry.DeviceSize);
        Put16(0x28, geometry.DeviceWidth switch { 1 => 0x0000, 2 => 0x0001, _ => 0x0003 }); // x8, x16, x32 interface
        Put16(0x2A, BitOperations.Log2((uint)geometry.WriteBufferBytesPerDevice));
        table[0x2C] = 1;                                    // one erase block region
        Put16(0x2D, (int)(geometry.BlockCount - 1));
        Put16(0x2F, (int)(geometry.BlockSize / (ulong)geometry.DeviceCount / 256));
        Put(PrimaryExtendedTable, (byte)'P', (byte)'R', (byte)'I', (byte)'1', (byte)'0');
        table[0x3D] = 0x33;                                 // Vcc optimum 3.3 V
        return table;
    }
}
