using Armvisor.Arm64;

namespace Armvisor.Devices.FwCfg;

/// <summary>One register of the fw_cfg MMIO window: its offset, width and the access sizes the device honours.</summary>
public sealed record FwCfgRegister(string Name, ulong Offset, int Width, bool BigEndian, AccessSize[] Sizes)
{
    /// <summary>
    /// The MMIO register layout on Arm (fw_cfg.rst "Memory-Mapped I/O Interface"): an 8-byte data register read as a
    /// byte stream, a big-endian 16-bit selector, and the big-endian 64-bit DMA address register (written as two
    /// 32-bit halves, high first, or as one 64-bit value; the low half or the whole triggers the transfer).
    /// </summary>
    public static readonly FwCfgRegister[] Layout =
    [
        new("Data", 0x00, 8, BigEndian: false, [AccessSize.Byte, AccessSize.Halfword, AccessSize.Word, AccessSize.Doubleword]),
        new("Selector", 0x08, 2, BigEndian: true, [AccessSize.Halfword]),
        new("DmaAddress", 0x10, 8, BigEndian: true, [AccessSize.Word, AccessSize.Doubleword]),
    ];

    /// <summary>The register holding [offset, offset + size), or null.</summary>
    public static FwCfgRegister? Find(ulong offset, AccessSize size)
    {
        foreach (FwCfgRegister register in Layout)
        {
            if (offset >= register.Offset && offset + (ulong)size <= register.Offset + (ulong)register.Width
                && Array.IndexOf(register.Sizes, size) >= 0)
            {
                return register;
            }
        }

        return null;
    }
}
