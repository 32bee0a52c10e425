using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>The firmware already parks this CPU at <see cref="Mailbox"/> with protocol <see cref="Version"/>.</summary>
public sealed record ParkingProtocolStartMethod(uint Version, GuestPhysicalAddress Mailbox) : SecondaryStartMethod;
