namespace Armvisor.Firmware.DeviceTree;

/// <summary>The flattened device tree header (DTSpec 0.4 §5.2): ten big-endian 32-bit fields.</summary>
internal static class FdtHeader
{
    public const uint Magic = 0xD00D_FEED;
    public const uint Version = 17;
    public const uint LastCompatibleVersion = 16;
    public const int Size = 40;

    // Field offsets (DTSpec 0.4 §5.2, struct fdt_header).
    public const int MagicOffset = 0;
    public const int TotalSizeOffset = 4;
    public const int StructOffsetOffset = 8;
    public const int StringsOffsetOffset = 12;
    public const int MemoryReservationOffsetOffset = 16;
    public const int VersionOffset = 20;
    public const int LastCompatibleVersionOffset = 24;
    public const int BootCpuIdOffset = 28;
    public const int StringsSizeOffset = 32;
    public const int StructSizeOffset = 36;
}
