using Armvisor.Devices.Registers;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The CoreSight-style identification registers at the top of every GICD/GICR frame (IHI0069 §12.1.3, §12.9.34).
/// Only GICx_PIDR2.ArchRev [7:4] is architected: 3 means GICv3 (Linux refuses a redistributor whose ArchRev is not 3 or 4).
/// </summary>
internal static class GicV3IdRegisters
{
    public static void Define(RegisterMap registers, string prefix)
    {
        registers
            .DefineConstant(0xFFD0, prefix + "_PIDR4", 0x44)
            .DefineConstant(0xFFD4, prefix + "_PIDR5", 0)
            .DefineConstant(0xFFD8, prefix + "_PIDR6", 0)
            .DefineConstant(0xFFDC, prefix + "_PIDR7", 0)
            .DefineConstant(0xFFE0, prefix + "_PIDR0", 0x92)
            .DefineConstant(0xFFE4, prefix + "_PIDR1", 0xB4)
            .DefineConstant(0xFFE8, prefix + "_PIDR2", (3u << 4) | 0xB)
            .DefineConstant(0xFFEC, prefix + "_PIDR3", 0)
            .DefineConstant(0xFFF0, prefix + "_CIDR0", 0x0D)
            .DefineConstant(0xFFF4, prefix + "_CIDR1", 0xF0)
            .DefineConstant(0xFFF8, prefix + "_CIDR2", 0x05)
            .DefineConstant(0xFFFC, prefix + "_CIDR3", 0xB1);
    }
}
