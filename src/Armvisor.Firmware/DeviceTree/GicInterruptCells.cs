namespace Armvisor.Firmware.DeviceTree;

/// <summary>
/// The three-cell interrupt specifier of the arm,gic-v3 binding
/// (Documentation/devicetree/bindings/interrupt-controller/arm,gic-v3.yaml): type (0 SPI, 1 PPI), number
/// (SPI: INTID − 32; PPI: INTID − 16) and trigger flags. GICv3 PPIs carry no GICv2 CPU mask in bits 15:8.
/// </summary>
internal static class GicInterruptCells
{
    public const uint TypeSpi = 0;
    public const uint TypePpi = 1;

    /// <summary>IRQ_TYPE_EDGE_RISING (include/dt-bindings/interrupt-controller/irq.h).</summary>
    public const uint EdgeRising = 1;

    /// <summary>IRQ_TYPE_LEVEL_HIGH.</summary>
    public const uint LevelHigh = 4;

    public static uint[] Spi(uint spi, uint flags) => [TypeSpi, spi, flags];

    public static uint[] Ppi(uint intid, uint flags) => [TypePpi, intid - 16, flags];
}
