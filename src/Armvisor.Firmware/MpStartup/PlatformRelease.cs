using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// A platform-specific secondary release named by the machine configuration (patents.md §4 "custom protocol"):
/// writing <see cref="Value"/> of <see cref="Size"/> to <see cref="Address"/> starts the CPU <see cref="Mpidr"/> at
/// the address held in <see cref="EntryAddressSlot"/> (spin-table style), or at a fixed entry when the slot is null.
/// </summary>
public sealed record PlatformRelease(ulong Mpidr, GuestPhysicalAddress Address, ulong Value, AccessSize Size, GuestPhysicalAddress? EntryAddressSlot);
