using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>The mailbox page of one secondary CPU.</summary>
public sealed record Mailbox(ulong Mpidr, uint CpuInterfaceNumber, GuestPhysicalAddress Address)
{
    /// <summary>Where the secondary is started: the park code in the firmware half.</summary>
    public GuestPhysicalAddress ParkEntry => Address + ParkingMailboxLayout.FirmwareHalfOffset;

    public AddressRange Page => new(Address, ParkingMailboxLayout.Size);
}
