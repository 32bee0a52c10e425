namespace Armvisor.Firmware.Acpi.TableLoader;

/// <summary>Where an ALLOCATE command asks for memory (QEMU BIOSLinkerLoaderAllocZone; UEFI firmware ignores the zone).</summary>
public enum TableLoaderZone : byte
{
    /// <summary>Anywhere in 32-bit memory.</summary>
    High = 1,

    /// <summary>The x86 F segment, where legacy BIOSes look for the RSDP.</summary>
    FSegment = 2,
}
