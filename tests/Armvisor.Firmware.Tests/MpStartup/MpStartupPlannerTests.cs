using System.Buffers.Binary;
using System.Security.Cryptography;
using Armvisor.Arm64;
using Armvisor.Firmware.Acpi;
using Armvisor.Firmware.MpStartup;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.MpStartup;

/// <summary>The table-side cases of patents.md §4(e).</summary>
public class MpStartupPlannerTests
{
    private static readonly AddressRange MailboxRange = new(new GuestPhysicalAddress(0x7FE0_0000), 0x1_0000);

    private static MachineDescription FourCpus() => MachineDescription.QemuVirt(4, 0x4000_0000);

    private static (byte[] Madt, byte[] Fadt) PsciTables() => (Madt.Build(FourCpus()), Fadt.Build(PsciConduit.Hvc, 0x7FF0_1000));

    private static byte[] WithoutPsci(byte[] fadt)
    {
        var copy = fadt.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(FadtLayout.ArmBootArchOffset), 0);
        AcpiChecksum.Fix(copy, AcpiTableHeader.ChecksumOffset);
        return copy;
    }

    private static List<int> ChangedOffsets(byte[] before, byte[] after) =>
        Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();

    [Fact]
    public void Plan_FourCpuPsciMadt_OnlyParkingFieldsOfSecondariesAndChecksumChange()
    {
        var (madt, fadt) = PsciTables();

        var plan = MpStartupPlanner.Plan(madt, fadt, bootMpidr: 0, MailboxRange, []);

        Assert.Equal(madt.Length, plan.Madt.Length);
        var allowed = new HashSet<int> { AcpiTableHeader.ChecksumOffset };
        foreach (var gicc in MadtParser.Parse(madt).GicCpuInterfaces.Skip(1))
        {
            for (var i = 0; i < 4; i++)
            {
                allowed.Add(gicc.TableOffset + MadtLayout.GiccParkingProtocolVersionOffset + i);
            }

            for (var i = 0; i < 8; i++)
            {
                allowed.Add(gicc.TableOffset + MadtLayout.GiccParkedAddressOffset + i);
            }
        }

        Assert.All(ChangedOffsets(madt, plan.Madt), offset => Assert.Contains(offset, allowed));
        Assert.True(AcpiChecksum.IsValid(plan.Madt));
    }

    [Fact]
    public void Plan_FourCpuPsciMadt_SecondariesGetVersion1AndUniqueAlignedReservedMailboxes()
    {
        var (madt, fadt) = PsciTables();

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);

        var giccs = MadtParser.Parse(plan.Madt).GicCpuInterfaces;
        Assert.Equal(0u, giccs[0].ParkingProtocolVersion);
        Assert.Equal(0UL, giccs[0].ParkedAddress);
        var secondaries = giccs.Skip(1).ToList();
        Assert.All(secondaries, g =>
        {
            Assert.Equal(1u, g.ParkingProtocolVersion);
            Assert.Equal(0UL, g.ParkedAddress % 4096);
            Assert.True(MailboxRange.Contains(new GuestPhysicalAddress(g.ParkedAddress), 4096));
        });
        Assert.Equal(3, secondaries.Select(g => g.ParkedAddress).Distinct().Count());
    }

    [Fact]
    public void Plan_ClearPolicy_ClearsPsciFlagsOnlyAndFixesChecksum()
    {
        var (madt, fadt) = PsciTables();

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);

        Assert.Equal(FadtBootFlags.None, FadtBootFlagsField.Read(plan.Fadt));
        Assert.True(AcpiChecksum.IsValid(plan.Fadt));
        Assert.All(ChangedOffsets(fadt, plan.Fadt), o => Assert.Contains(o, new[] { AcpiTableHeader.ChecksumOffset, FadtLayout.ArmBootArchOffset }));
    }

    [Fact]
    public void Plan_KeepPolicy_LeavesFadtIdentical()
    {
        var (madt, fadt) = PsciTables();

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, [], PsciFlagPolicy.Keep);

        Assert.Equal(fadt, plan.Fadt);
    }

    [Fact]
    public void Plan_PsciPlatform_EachSecondaryStartedOnceByPsciIntoItsParkCode()
    {
        var (madt, fadt) = PsciTables();

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);

        Assert.Equal([1UL, 2, 3], plan.Secondaries.Select(s => s.Mpidr));
        Assert.All(plan.Secondaries, s =>
        {
            Assert.Equal(new PsciStartMethod(PsciConduit.Hvc), s.OriginalMethod);
            Assert.True(s.NeedsStart);
            Assert.Equal(s.Mailbox!.Address + 0x800, s.Mailbox.ParkEntry);
        });
    }

    [Fact]
    public void Plan_SmcConduit_ClassifiedAsPsciSmc()
    {
        var fadt = Fadt.Build(PsciConduit.Smc, 0x7FF0_1000);

        var plan = MpStartupPlanner.Plan(Madt.Build(FourCpus()), fadt, 0, MailboxRange, []);

        Assert.All(plan.Secondaries, s => Assert.Equal(new PsciStartMethod(PsciConduit.Smc), s.OriginalMethod));
    }

    [Fact]
    public void Plan_PlatformSpecificRelease_ClassifiedFromMachineConfiguration()
    {
        var (madt, fadt) = PsciTables();
        var releases = Enumerable.Range(1, 3)
            .Select(n => new PlatformRelease((ulong)n, new GuestPhysicalAddress(0x0910_0000 + (ulong)(8 * n)), 1, AccessSize.Word, null))
            .ToArray();

        var plan = MpStartupPlanner.Plan(madt, WithoutPsci(fadt), 0, MailboxRange, releases);

        Assert.All(plan.Secondaries, s =>
        {
            var method = Assert.IsType<PlatformReleaseStartMethod>(s.OriginalMethod);
            Assert.Equal(s.Mpidr, method.Release.Mpidr);
            Assert.NotNull(s.Mailbox);
        });
        Assert.All(MadtParser.Parse(plan.Madt).GicCpuInterfaces.Skip(1), g => Assert.Equal(1u, g.ParkingProtocolVersion));
    }

    [Fact]
    public void Plan_NoMethodForSecondary_ThrowsWithMpidr()
    {
        var (madt, fadt) = PsciTables();

        var error = Assert.Throws<AcpiTableException>(() => MpStartupPlanner.Plan(madt, WithoutPsci(fadt), 0, MailboxRange, []));

        Assert.Contains("MPIDR 0x1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_InputAlreadyParking_ThoseEntriesLeftAloneAndNotStarted()
    {
        var (madt, fadt) = PsciTables();
        var gicc1 = MadtParser.Parse(madt).GicCpuInterfaces[1];
        BinaryPrimitives.WriteUInt32LittleEndian(madt.AsSpan(gicc1.TableOffset + MadtLayout.GiccParkingProtocolVersionOffset), 1);
        BinaryPrimitives.WriteUInt64LittleEndian(madt.AsSpan(gicc1.TableOffset + MadtLayout.GiccParkedAddressOffset), 0x4100_0000);
        AcpiChecksum.Fix(madt, AcpiTableHeader.ChecksumOffset);

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);

        Assert.Equal(madt.AsSpan(gicc1.TableOffset, gicc1.Length).ToArray(), plan.Madt.AsSpan(gicc1.TableOffset, gicc1.Length).ToArray());
        var first = plan.Secondaries[0];
        Assert.Equal(new ParkingProtocolStartMethod(1, new GuestPhysicalAddress(0x4100_0000)), first.OriginalMethod);
        Assert.False(first.NeedsStart);
        Assert.Equal(2, plan.Mailboxes.Mailboxes.Count);
    }

    [Fact]
    public void Plan_AllAlreadyParkingAndKeepPolicy_TablesByteIdentical()
    {
        var (madt, fadt) = PsciTables();
        foreach (var gicc in MadtParser.Parse(madt).GicCpuInterfaces.Skip(1))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(madt.AsSpan(gicc.TableOffset + MadtLayout.GiccParkingProtocolVersionOffset), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(madt.AsSpan(gicc.TableOffset + MadtLayout.GiccParkedAddressOffset), 0x4100_0000 + (gicc.Mpidr * 0x1000));
        }

        AcpiChecksum.Fix(madt, AcpiTableHeader.ChecksumOffset);

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, [], PsciFlagPolicy.Keep);

        Assert.Equal(madt, plan.Madt);
        Assert.Equal(fadt, plan.Fadt);
        Assert.Empty(plan.Mailboxes.Mailboxes);
    }

    [Fact]
    public void Plan_DisabledGicc_GetsNoMailbox()
    {
        var (madt, fadt) = PsciTables();
        var gicc3 = MadtParser.Parse(madt).GicCpuInterfaces[3];
        BinaryPrimitives.WriteUInt32LittleEndian(madt.AsSpan(gicc3.TableOffset + MadtLayout.GiccFlagsOffset), 0);
        AcpiChecksum.Fix(madt, AcpiTableHeader.ChecksumOffset);

        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);

        Assert.DoesNotContain(plan.Secondaries, s => s.Mpidr == 3);
        Assert.Equal(0u, MadtParser.Parse(plan.Madt).GicCpuInterfaces[3].ParkingProtocolVersion);
    }

    [Fact]
    public void Plan_BootCpuMissing_Throws()
    {
        var (madt, fadt) = PsciTables();

        Assert.Throws<AcpiTableException>(() => MpStartupPlanner.Plan(madt, fadt, 0x700, MailboxRange, []));
    }

    [Fact]
    public void Plan_MailboxRangeTooSmall_ThrowsLayoutException()
    {
        var (madt, fadt) = PsciTables();

        Assert.Throws<FirmwareLayoutException>(() =>
            MpStartupPlanner.Plan(madt, fadt, 0, new AddressRange(MailboxRange.Start, 0x2000), []));
    }

    [Fact]
    public void Create_MisalignedRange_ThrowsLayoutException()
    {
        Assert.Throws<FirmwareLayoutException>(() => MailboxPlan.Create(new AddressRange(new GuestPhysicalAddress(0x7FE0_0800), 0x1_0000), []));
    }

    [Fact]
    public void WriteTo_Mailboxes_InitialisedForLinux()
    {
        var (madt, fadt) = PsciTables();
        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);
        using var ram = new GuestRam(MailboxRange.Start, MailboxRange.Length);

        plan.Mailboxes.WriteTo(ram);

        Assert.All(plan.Mailboxes.Mailboxes, m =>
        {
            Assert.Equal(0xFFFF_FFFFu, ram.Read<uint>(m.Address));
            Assert.Equal(0UL, ram.Read<ulong>(m.Address + 8));
            var code = new byte[ParkCode.Assemble(m.CpuInterfaceNumber).Length];
            ram.Read(m.ParkEntry, code);
            Assert.Equal(ParkCode.Assemble(m.CpuInterfaceNumber), code);
        });
    }

    /// <summary>Stable hash of the park code: a change to it must be deliberate (update the constant and review).</summary>
    [Fact]
    public void Assemble_ParkCode_HashStable()
    {
        Assert.Equal("3898459E167E674C176160584B1F409AADBA4C9B2C7910D43F7985DEC98E292C", Convert.ToHexString(SHA256.HashData(ParkCode.Assemble(2))));
    }

    [Fact]
    public void WriteTo_OsScribblesOnOsHalf_FirmwareHalfHashUnchanged()
    {
        var (madt, fadt) = PsciTables();
        var plan = MpStartupPlanner.Plan(madt, fadt, 0, MailboxRange, []);
        using var ram = new GuestRam(MailboxRange.Start, MailboxRange.Length);
        plan.Mailboxes.WriteTo(ram);
        var mailbox = plan.Mailboxes.Mailboxes[1];
        var before = SHA256.HashData(ram.GetSpan(mailbox.ParkEntry, 0x800));

        var random = new Random(42);
        random.NextBytes(ram.GetSpan(mailbox.Address, 0x800));

        Assert.Equal(before, SHA256.HashData(ram.GetSpan(mailbox.ParkEntry, 0x800)));
    }
}
