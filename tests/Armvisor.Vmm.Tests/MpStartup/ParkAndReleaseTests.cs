using Armvisor.Core;
using Armvisor.Firmware.MpStartup;

namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>
/// patents.md §4(e) 2–4 on the real engine: secondaries started by the machine with their original method (PSCI or
/// the platform's release device) wait in their mailboxes' park code; the OS releases one CPU only; a mailbox naming
/// another CPU is ignored; a parked CPU is blocked in WFE, not spinning.
/// </summary>
public class ParkAndReleaseTests
{
    /// <summary>Linux 6.1's wake-up IPI (IPI_WAKEUP = SGI 6; linux-platform.md §4.1).</summary>
    private const int WakeupSgi = 6;

    /// <summary>
    /// A generous bound on what a parked CPU may execute: the park code is 17 instructions and runs its check (9)
    /// once per wake-up; a spinning CPU would retire millions in the time these tests take.
    /// </summary>
    private const ulong ParkedInstructionBound = 200;

    private static ulong Affinity(ulong mpidr) => mpidr & Firmware.MachineDescription.MpidrAffinityMask;

    [Theory]
    [InlineData(SecondaryStartKind.Psci)]
    [InlineData(SecondaryStartKind.Platform)]
    public void Release_OneMailboxAndSgi_OnlyThatCpuLeavesAtJumpAddressAndClearsIt(SecondaryStartKind start)
    {
        using var machine = new ParkedMachine(cpus: 3, start);
        machine.WaitUntilAllParked();

        machine.WriteMailbox(2, machine.ReleasedEntry.Value, machine.MailboxOf(2).CpuInterfaceNumber);
        machine.SendSgiFromBootCpu(2, WakeupSgi);

        Assert.Equal(GuestOutcome.PoweredOff, machine.WaitForEnd());
        Assert.Equal(Affinity(machine.Vcpu(2).Mpidr), Affinity(machine.ReleasedCpuMpidr));
        Assert.Equal(0UL, machine.JumpAddress(2));
        ulong pc2 = machine.ProgramCounter(2);
        Assert.InRange(pc2, machine.ReleasedEntry.Value, machine.ReleasedEntry.Value + 0x20);

        // CPU 1 never left its park code, and its mailbox is untouched.
        Assert.True(machine.IsInParkCode(1, machine.ProgramCounter(1)), $"CPU 1 PC 0x{machine.ProgramCounter(1):X}");
        Assert.Equal(ParkingMailboxLayout.InvalidProcessorId, machine.ProcessorId(1));
        Assert.Equal(0UL, machine.JumpAddress(1));
        Assert.InRange(machine.Vcpu(1).InstructionsRetired, 1UL, ParkedInstructionBound);
    }

    [Fact]
    public void Release_WrongProcessorId_CpuRechecksStaysParkedAndJumpAddressIsNotConsumed()
    {
        using var machine = new ParkedMachine(cpus: 3, SecondaryStartKind.Psci);
        machine.WaitUntilAllParked();
        Vcpu cpu2 = machine.Vcpu(2);
        long trapsBefore = cpu2.WfeTraps;

        // CPU 2's mailbox names interface 1: the OS meant another CPU.
        machine.WriteMailbox(2, machine.ReleasedEntry.Value, machine.MailboxOf(1).CpuInterfaceNumber);
        machine.SendSgiFromBootCpu(2, WakeupSgi);
        machine.WaitFor(() => cpu2.WfeTraps > trapsBefore, "CPU 2 to wake, re-check its mailbox and wait again");

        Assert.Equal(machine.ReleasedEntry.Value, machine.JumpAddress(2));
        Assert.Equal(ulong.MaxValue, machine.ReleasedCpuMpidr);
        Assert.Equal(VcpuPowerState.On, cpu2.PowerState);
        Assert.InRange(cpu2.InstructionsRetired, 1UL, ParkedInstructionBound);

        // The same CPU still answers a correct release afterwards.
        machine.WriteMailbox(2, machine.ReleasedEntry.Value, machine.MailboxOf(2).CpuInterfaceNumber);
        machine.SendSgiFromBootCpu(2, WakeupSgi);
        Assert.Equal(GuestOutcome.PoweredOff, machine.WaitForEnd());
        Assert.Equal(Affinity(cpu2.Mpidr), Affinity(machine.ReleasedCpuMpidr));
        Assert.Equal(0UL, machine.JumpAddress(2));
    }

    [Fact]
    public void Parked_ManyWakeUpsForOthers_BlocksInWfeWithBoundedInstructions()
    {
        using var machine = new ParkedMachine(cpus: 3, SecondaryStartKind.Psci);
        machine.WaitUntilAllParked();
        Vcpu cpu1 = machine.Vcpu(1);

        // Three SGIs to CPU 1 with nothing for it in its mailbox: each wakes it once, it re-checks and waits again.
        for (int i = 0; i < 3; i++)
        {
            long traps = cpu1.WfeTraps;
            machine.SendSgiFromBootCpu(1, WakeupSgi);
            machine.WaitFor(() => cpu1.WfeTraps > traps, "CPU 1 to wake and wait again");
        }

        Assert.True(machine.IsInParkCode(1, machine.ProgramCounter(1)));
        Assert.InRange(cpu1.WfeTraps, 4, 8);
        Assert.InRange(cpu1.InstructionsRetired, 1UL, ParkedInstructionBound);
        Assert.Equal(ParkingMailboxLayout.InvalidProcessorId, machine.ProcessorId(1));
    }

    [Fact]
    public void Platform_SecondariesReleasedThroughTheDevice_FadtWithoutPsciAndPlatformClassified()
    {
        using var machine = new ParkedMachine(cpus: 4, SecondaryStartKind.Platform);
        machine.WaitUntilAllParked();

        MpStartupPlan plan = machine.Machine.AcpiBoot!.MpStartup;
        Assert.Equal(3, plan.Secondaries.Count);
        Assert.All(plan.Secondaries, s => Assert.IsType<PlatformReleaseStartMethod>(s.OriginalMethod));
        Assert.Equal(Devices.Platform.CpuReleaseStatus.Released, machine.Machine.CpuRelease!.Status);
        Assert.All(Enumerable.Range(1, 3), cpu => Assert.True(machine.IsInParkCode(cpu, machine.ProgramCounter(cpu))));
    }
}
