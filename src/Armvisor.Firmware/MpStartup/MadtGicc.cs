namespace Armvisor.Firmware.MpStartup;

/// <summary>One GICC structure of a parsed MADT, with its byte offset inside the table.</summary>
public sealed record MadtGicc(
    int TableOffset,
    int Length,
    uint CpuInterfaceNumber,
    uint ProcessorUid,
    uint Flags,
    uint ParkingProtocolVersion,
    ulong ParkedAddress,
    ulong Mpidr)
{
    /// <summary>Flags bit 0 (ACPI 6.5 Table 5.37): Linux ignores disabled GICCs.</summary>
    public bool IsEnabled => (Flags & 1) != 0;

    /// <summary>Linux's test (acpi_parking_protocol_valid): a non-zero version and mailbox.</summary>
    public bool UsesParkingProtocol => ParkingProtocolVersion != 0 && ParkedAddress != 0;
}
