using System.Buffers.Binary;
using Armvisor.Firmware.MpStartup;

namespace Armvisor.Firmware.Tests.MpStartup;

/// <summary>Park and release (patents.md §4(e) 2 and 3), run on <see cref="ParkCodeSimulator"/>.</summary>
public class ParkCodeTests
{
    private const ulong MailboxBase = 0x7FE0_1000;
    private const ulong Entry = 0x4020_0000;

    private static byte[] Mailbox(uint cpuInterfaceNumber)
    {
        var page = new byte[ParkingMailboxLayout.Size];
        BinaryPrimitives.WriteUInt32LittleEndian(page, ParkingMailboxLayout.InvalidProcessorId);
        ParkCode.Assemble(cpuInterfaceNumber).CopyTo(page, ParkingMailboxLayout.FirmwareHalfOffset);
        return page;
    }

    /// <summary>Linux acpi_parking_protocol_cpu_boot: JumpAddress first, then ProcessorId.</summary>
    private static void Release(byte[] page, uint processorId, ulong jumpAddress)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(page.AsSpan(ParkingMailboxLayout.JumpAddressOffset), jumpAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(ParkingMailboxLayout.ProcessorIdOffset), processorId);
    }

    [Fact]
    public void Run_UntouchedMailbox_WaitsInWfe()
    {
        var cpu = new ParkCodeSimulator(Mailbox(2), MailboxBase);

        Assert.Null(cpu.Run());
        Assert.Null(cpu.Run());
    }

    [Fact]
    public void Run_ReleasedWithOwnId_BranchesToEntryAndClearsJumpAddress()
    {
        var page = Mailbox(2);
        var cpu = new ParkCodeSimulator(page, MailboxBase);
        Assert.Null(cpu.Run());

        Release(page, 2, Entry);

        Assert.Equal(Entry, cpu.Run());
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(ParkingMailboxLayout.JumpAddressOffset)));
        Assert.All(Enumerable.Range(0, 4), r => Assert.Equal(0UL, cpu.Register(r)));
    }

    [Fact]
    public void Run_ReleasedBeforeParking_StillBranches()
    {
        var page = Mailbox(1);
        Release(page, 1, Entry);

        Assert.Equal(Entry, new ParkCodeSimulator(page, MailboxBase).Run());
    }

    [Fact]
    public void Run_WrongProcessorId_StaysParkedAndJumpAddressKept()
    {
        var page = Mailbox(2);
        var cpu = new ParkCodeSimulator(page, MailboxBase);
        Assert.Null(cpu.Run());

        Release(page, 3, Entry);

        Assert.Null(cpu.Run());
        Assert.Equal(Entry, BinaryPrimitives.ReadUInt64LittleEndian(page.AsSpan(ParkingMailboxLayout.JumpAddressOffset)));
    }

    [Fact]
    public void Run_IdWrittenWithoutJumpAddress_StaysParked()
    {
        var page = Mailbox(2);
        var cpu = new ParkCodeSimulator(page, MailboxBase);

        Release(page, 2, 0);

        Assert.Null(cpu.Run());
    }

    [Fact]
    public void Run_ReleaseOneOfThree_OnlyThatCpuStarts()
    {
        var pages = new[] { Mailbox(1), Mailbox(2), Mailbox(3) };
        var cpus = pages.Select(p => new ParkCodeSimulator(p, MailboxBase)).ToArray();
        Assert.All(cpus, c => Assert.Null(c.Run()));

        Release(pages[1], 2, Entry);

        Assert.Null(cpus[0].Run());
        Assert.Equal(Entry, cpus[1].Run());
        Assert.Null(cpus[2].Run());
    }
}
