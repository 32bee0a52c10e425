using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Firmware.Efi;

/// <summary>
/// Lays out the ACPI boot path in a firmware region at the top of guest RAM (linux-platform.md §4.3, issue 7):
/// <code>
///   region.Start  mailboxes, one page per secondary          EfiReservedMemoryType (nomap → ioremap-able)
///                 ACPI tables + EFI memory map                EfiACPIReclaimMemory
///                 EFI system table / RT services / stubs      EfiRuntimeServicesCode, RUNTIME, VA = PA
///   below region  the rest of RAM                             EfiConventionalMemory
/// </code>
/// The MADT/FADT are rewritten by the MP start-up module before anything is written, so the OS only ever sees the
/// parking protocol. With <c>platformReleases</c> the platform is one without PSCI (ARM_BOOT_ARCH = 0 in its own FADT)
/// whose quirk table names how each secondary is released (patents.md §4(a) step 2).
/// </summary>
public static class AcpiBootFirmware
{
    private const ulong Page = 4096;

    /// <summary>Size of the firmware region needed for <paramref name="machine"/> (whole pages).</summary>
    public static ulong RegionSize(MachineDescription machine)
    {
        var tables = AcpiTables.Build(machine, new GuestPhysicalAddress(0)).Image.Length;
        return MailboxPlan.RequiredSize(machine.CpuMpidrs.Count - 1) + ReclaimSize(machine, tables) + (ulong)EfiSystemTable.RegionSize;
    }

    public static AcpiBootImage Build(
        MachineDescription machine,
        AddressRange firmwareRegion,
        IReadOnlyCollection<PlatformRelease>? platformReleases = null,
        PsciFlagPolicy policy = PsciFlagPolicy.ClearPsciFlags)
    {
        var ram = machine.Memory.FirstOrDefault(r => r.Contains(firmwareRegion.Start, firmwareRegion.Length));
        if (ram == default || firmwareRegion.Start.Value % Page != 0 || firmwareRegion.Length < RegionSize(machine))
        {
            throw new FirmwareLayoutException($"firmware region {firmwareRegion} must be page-aligned, inside RAM and at least 0x{RegionSize(machine):X} bytes");
        }

        var mailboxRange = new AddressRange(firmwareRegion.Start, MailboxPlan.RequiredSize(machine.CpuMpidrs.Count - 1));
        var tablesBase = mailboxRange.End;
        var tables = AcpiTables.Build(machine, tablesBase);
        var releases = platformReleases ?? [];
        if (releases.Count > 0)
        {
            // A platform that names its own release method has no PSCI for CPU start-up: its FADT says so
            // (ARM_BOOT_ARCH = 0), and the MP start-up module classifies its secondaries as platform releases.
            var fadt = tables.Table(FadtLayout.Signature);
            FadtBootFlagsField.Write(fadt, FadtBootFlagsField.Read(fadt) & ~(FadtBootFlags.PsciCompliant | FadtBootFlags.PsciUseHvc));
            AcpiChecksum.Fix(fadt, AcpiTableHeader.ChecksumOffset);
            tables.OverwriteTable(FadtLayout.Signature, fadt);
        }

        var mp = MpStartupPlanner.Plan(tables.Table(MadtLayout.Signature), tables.Table(FadtLayout.Signature), machine.CpuMpidrs[0],
            mailboxRange, releases, policy);
        tables.OverwriteTable(MadtLayout.Signature, mp.Madt);
        tables.OverwriteTable(FadtLayout.Signature, mp.Fadt);

        var memoryMapAddress = tablesBase + AlignUp16((ulong)tables.Image.Length);
        var reclaimRange = new AddressRange(tablesBase, ReclaimSize(machine, tables.Image.Length));
        var runtimeRange = new AddressRange(reclaimRange.End, EfiSystemTable.RegionSize);
        var systemTableBlock = EfiSystemTable.Build(runtimeRange.Start, tables.RsdpAddress);

        var descriptors = new List<EfiMemoryDescriptor>();
        if (mailboxRange.Length > 0)
        {
            descriptors.Add(new EfiMemoryDescriptor(EfiMemoryType.Reserved, mailboxRange, EfiMemoryAttribute.WriteBack));
        }

        descriptors.Add(new EfiMemoryDescriptor(EfiMemoryType.AcpiReclaim, reclaimRange, EfiMemoryAttribute.WriteBack));
        descriptors.Add(new EfiMemoryDescriptor(EfiMemoryType.RuntimeServicesCode, runtimeRange, EfiMemoryAttribute.WriteBack | EfiMemoryAttribute.Runtime));
        var used = new AddressRange(firmwareRegion.Start, runtimeRange.End - firmwareRegion.Start);
        foreach (var range in machine.Memory)
        {
            foreach (var free in Subtract(range, used))
            {
                descriptors.Add(new EfiMemoryDescriptor(EfiMemoryType.Conventional, free, EfiMemoryAttribute.WriteBack));
            }
        }

        var memoryMap = EfiMemoryMap.Build(descriptors);
        return new AcpiBootImage(firmwareRegion, tables, mp, runtimeRange.Start, systemTableBlock, memoryMapAddress, memoryMap, EfiMemoryMap.Parse(memoryMap));
    }

    /// <summary>ACPI tables, then the memory map: at most 3 firmware descriptors + 2 conventional ones per RAM range.</summary>
    private static ulong ReclaimSize(MachineDescription machine, int tablesLength) =>
        AlignUp(AlignUp16((ulong)tablesLength) + ((ulong)(3 + (2 * machine.Memory.Count)) * EfiMemoryDescriptor.Size));

    private static IEnumerable<AddressRange> Subtract(AddressRange range, AddressRange hole)
    {
        if (!range.Overlaps(hole))
        {
            yield return range;
            yield break;
        }

        if (hole.Start > range.Start)
        {
            yield return new AddressRange(range.Start, hole.Start - range.Start);
        }

        if (hole.End < range.End)
        {
            yield return new AddressRange(hole.End, range.End - hole.End);
        }
    }

    private static ulong AlignUp(ulong value) => (value + Page - 1) & ~(Page - 1);

    private static ulong AlignUp16(ulong value) => (value + 15) & ~15UL;
}
