using Armvisor.Firmware.Acpi;
using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// Classifies a secondary's original start method, in the order Linux itself decides (arch/arm64/include/asm/acpi.h
/// acpi_get_enable_method; patents.md §4(a)): a GICC that already names a mailbox is the parking protocol; otherwise
/// FADT PSCI_COMPLIANT means PSCI; otherwise the machine configuration must name a platform release.
/// </summary>
public static class StartMethodClassifier
{
    public static SecondaryStartMethod Classify(MadtGicc gicc, FadtBootFlags bootFlags, IReadOnlyCollection<PlatformRelease> platformReleases)
    {
        if (gicc.UsesParkingProtocol)
        {
            return new ParkingProtocolStartMethod(gicc.ParkingProtocolVersion, new GuestPhysicalAddress(gicc.ParkedAddress));
        }

        if (bootFlags.HasFlag(FadtBootFlags.PsciCompliant))
        {
            return new PsciStartMethod(bootFlags.HasFlag(FadtBootFlags.PsciUseHvc) ? PsciConduit.Hvc : PsciConduit.Smc);
        }

        var release = platformReleases.FirstOrDefault(r => (r.Mpidr & MachineDescription.MpidrAffinityMask) == gicc.Mpidr);
        return release is not null
            ? new PlatformReleaseStartMethod(release)
            : throw new AcpiTableException($"secondary CPU MPIDR 0x{gicc.Mpidr:X} has no PSCI, no parking protocol and no platform release in the machine configuration");
    }
}
