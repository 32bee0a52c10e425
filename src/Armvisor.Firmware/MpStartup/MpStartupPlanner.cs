using Armvisor.Firmware.Acpi;
using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// The table side of multiprocessor start-up via firmware configuration (patents.md §4; issue 7): parse MADT and FADT,
/// classify each enabled secondary's original method, give every secondary that is not already parked a mailbox
/// with park code, and rewrite the tables so the OS sees only the parking protocol.
/// </summary>
public static class MpStartupPlanner
{
    public static MpStartupPlan Plan(
        ReadOnlySpan<byte> madt,
        ReadOnlySpan<byte> fadt,
        ulong bootMpidr,
        AddressRange mailboxRange,
        IReadOnlyCollection<PlatformRelease> platformReleases,
        PsciFlagPolicy policy = PsciFlagPolicy.ClearPsciFlags)
    {
        var info = MadtParser.Parse(madt);
        var bootFlags = FadtBootFlagsField.Read(fadt);
        var boot = bootMpidr & MachineDescription.MpidrAffinityMask;
        if (!info.GicCpuInterfaces.Any(g => g.Mpidr == boot))
        {
            throw new AcpiTableException($"MADT has no GICC for the boot CPU MPIDR 0x{boot:X}");
        }

        // Linux skips disabled GICCs (acpi_map_gic_cpu_interface), so they get neither a start nor a mailbox.
        var secondaries = info.GicCpuInterfaces.Where(g => g.IsEnabled && g.Mpidr != boot)
            .Select(g => (Gicc: g, Method: StartMethodClassifier.Classify(g, bootFlags, platformReleases)))
            .ToList();
        var plan = MailboxPlan.Create(mailboxRange, secondaries.Where(s => s.Method is not ParkingProtocolStartMethod).Select(s => s.Gicc));
        var (newMadt, newFadt) = MadtRewriter.Rewrite(madt, fadt, plan, policy);
        var starts = secondaries.Select(s => new SecondaryStart(
            s.Gicc.Mpidr, s.Gicc.CpuInterfaceNumber, s.Method, plan.Mailboxes.FirstOrDefault(m => m.Mpidr == s.Gicc.Mpidr))).ToArray();
        return new MpStartupPlan(newMadt, newFadt, plan, starts);
    }
}
