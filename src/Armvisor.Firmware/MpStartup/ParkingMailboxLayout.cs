namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// One parking-protocol mailbox (ACPI "Multi-processor Startup for ARM Platforms" v1; Linux
/// arch/arm64/kernel/acpi_parking_protocol.c; linux-platform.md §4.1): a 4 KiB-aligned 4 KiB page whose first half
/// belongs to the OS and whose second half belongs to the firmware.
/// </summary>
public static class ParkingMailboxLayout
{
    public const int Size = 4096;
    public const int ProcessorIdOffset = 0x000;
    public const int JumpAddressOffset = 0x008;

    /// <summary>Start of the firmware half, where the park code lives; the OS must not touch 0x800–0xFFF.</summary>
    public const int FirmwareHalfOffset = 0x800;
    public const int FirmwareHalfSize = Size - FirmwareHalfOffset;

    /// <summary>ProcessorId value meaning "no CPU addressed"; Linux refuses a mailbox that does not read it (-ENXIO).</summary>
    public const uint InvalidProcessorId = 0xFFFF_FFFF;

    /// <summary>The protocol version written to each GICC.</summary>
    public const uint ProtocolVersion = 1;
}
