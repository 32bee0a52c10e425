using System.Buffers.Binary;
using Armvisor.Firmware.Acpi;

namespace Armvisor.Firmware.MpStartup;

/// <summary>
/// Rewrites the MADT so that each planned secondary's GICC names its mailbox (ParkingProtocolVersion = 1,
/// ParkedAddress), and the FADT per <see cref="PsciFlagPolicy"/>; then fixes both checksums. No other byte changes, and
/// table lengths do not change, so the XSDT stays valid (patents.md §4(a) step 6).
/// </summary>
public static class MadtRewriter
{
    public static (byte[] Madt, byte[] Fadt) Rewrite(ReadOnlySpan<byte> madt, ReadOnlySpan<byte> fadt, MailboxPlan plan, PsciFlagPolicy policy)
    {
        var info = MadtParser.Parse(madt);
        var newMadt = madt.ToArray();
        foreach (var mailbox in plan.Mailboxes)
        {
            var gicc = info.GicCpuInterfaces.FirstOrDefault(g => g.Mpidr == mailbox.Mpidr)
                ?? throw new AcpiTableException($"MADT has no GICC for mailbox MPIDR 0x{mailbox.Mpidr:X}");
            var entry = newMadt.AsSpan(gicc.TableOffset, gicc.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[Acpi.MadtLayout.GiccParkingProtocolVersionOffset..], ParkingMailboxLayout.ProtocolVersion);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[Acpi.MadtLayout.GiccParkedAddressOffset..], mailbox.Address.Value);
        }

        AcpiChecksum.Fix(newMadt, AcpiTableHeader.ChecksumOffset);

        var newFadt = fadt.ToArray();
        if (policy == PsciFlagPolicy.ClearPsciFlags)
        {
            var flags = FadtBootFlagsField.Read(newFadt) & ~(FadtBootFlags.PsciCompliant | FadtBootFlags.PsciUseHvc);
            FadtBootFlagsField.Write(newFadt, flags);
            AcpiChecksum.Fix(newFadt, AcpiTableHeader.ChecksumOffset);
        }

        return (newMadt, newFadt);
    }
}
