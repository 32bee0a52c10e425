using System.Buffers.Binary;
using Armvisor.Memory;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// One 4 KiB-aligned mailbox per secondary, allocated in a range the EFI memory map reserves from the OS (so Linux
/// can ioremap it: acpi_parking_protocol_cpu_boot fails on linear-mapped RAM), in MADT order.
/// </summary>
public sealed class MailboxPlan
{
    private MailboxPlan(AddressRange reserved, IReadOnlyList<Mailbox> mailboxes)
    {
        Reserved = reserved;
        Mailboxes = mailboxes;
    }

    /// <summary>The reserved range the mailboxes live in.</summary>
    public AddressRange Reserved { get; }

    public IReadOnlyList<Mailbox> Mailboxes { get; }

    /// <summary>Bytes needed for <paramref name="secondaries"/> mailboxes.</summary>
    public static ulong RequiredSize(int secondaries) => (ulong)secondaries * ParkingMailboxLayout.Size;

    public static MailboxPlan Create(AddressRange reserved, IEnumerable<MadtGicc> secondaries)
    {
        if ((reserved.Start.Value % ParkingMailboxLayout.Size) != 0)
        {
            throw new FirmwareLayoutException($"mailbox range {reserved} is not 4 KiB aligned");
        }

        var list = secondaries.ToList();
        if (RequiredSize(list.Count) > reserved.Length)
        {
            throw new FirmwareLayoutException($"mailbox range {reserved} holds {reserved.Length / ParkingMailboxLayout.Size} mailboxes, {list.Count} needed");
        }

        var mailboxes = list.Select((gicc, i) => new Mailbox(gicc.Mpidr, gicc.CpuInterfaceNumber, reserved.Start + ((ulong)i * ParkingMailboxLayout.Size))).ToArray();
        return new MailboxPlan(reserved, mailboxes);
    }

    /// <summary>
    /// Initialises every mailbox in guest RAM: ProcessorId = 0xFFFFFFFF, JumpAddress = 0, the OS half zeroed and the
    /// park code in the firmware half.
    /// </summary>
    public void WriteTo(GuestRam ram)
    {
        foreach (var mailbox in Mailboxes)
        {
            var page = ram.GetSpan(mailbox.Address, ParkingMailboxLayout.Size);
            page.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(page[ParkingMailboxLayout.ProcessorIdOffset..], ParkingMailboxLayout.InvalidProcessorId);
            BinaryPrimitives.WriteUInt64LittleEndian(page[ParkingMailboxLayout.JumpAddressOffset..], 0);
            ParkCode.Assemble(mailbox.CpuInterfaceNumber).CopyTo(page[ParkingMailboxLayout.FirmwareHalfOffset..]);
        }
    }
}
