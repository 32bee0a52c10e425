using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Firmware.Efi;

/// <summary>
/// Everything the ACPI boot path puts in guest memory: the mailboxes, the (rewritten) ACPI tables, the EFI memory map
/// and the EFI system table block, plus the /chosen UEFI parameters for the stub DT.
/// </summary>
public sealed record AcpiBootImage(
    AddressRange FirmwareRegion,
    AcpiTables Tables,
    MpStartupPlan MpStartup,
    GuestPhysicalAddress SystemTable,
    byte[] SystemTableBlock,
    GuestPhysicalAddress MemoryMapAddress,
    byte[] MemoryMap,
    IReadOnlyList<EfiMemoryDescriptor> MemoryMapDescriptors)
{
    public UefiBootParameters UefiParameters =>
        new(SystemTable, MemoryMapAddress, (uint)MemoryMap.Length, EfiMemoryDescriptor.Size, EfiMemoryDescriptor.Version);

    /// <summary>The stub DT (only /chosen) to pass in X0.</summary>
    public byte[] BuildDeviceTree(string bootArgs, AddressRange? initrd) =>
        DeviceTreeBuilder.BuildUefiStub(UefiParameters, bootArgs, initrd);

    /// <summary>Writes tables, EFI block, memory map and initialised mailboxes into guest RAM.</summary>
    public void WriteTo(GuestRam ram)
    {
        MpStartup.Mailboxes.WriteTo(ram);
        ram.Write(Tables.Base, Tables.Image);
        ram.Write(SystemTable, SystemTableBlock);
        ram.Write(MemoryMapAddress, MemoryMap);
    }
}
