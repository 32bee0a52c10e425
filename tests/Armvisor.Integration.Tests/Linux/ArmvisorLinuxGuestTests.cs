using System.Security.Cryptography;
using Armvisor.Devices.Platform;
using Armvisor.Firmware.MpStartup;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The Linux guest scenarios on Armvisor, the comparison of the command script's output with QEMU's, and the ACPI
/// boot path of issue 7 (secondaries started through the hypervisor-rewritten MADT's parking protocol).
/// </summary>
[Collection(LinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class ArmvisorLinuxGuestTests(GuestKitFixture kit) : LinuxGuestScenarios(kit, GuestBackend.ArmvisorName)
{
    protected override TimeSpan BootTimeout => TimeSpan.FromMinutes(10);

    // Issue 4: "4 vCPUs, parallel busybox jobs for a minute".
    protected override int StressSeconds => 60;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CommandScript_SameInitramfs_SameOutputAsQemu(int cpus)
    {
        var commandLine = new GuestCommandLine { Run = [GuestScripts.Commands] };
        GuestRun qemu = GuestBackend.For(GuestBackend.QemuName).Boot(Kit.Configuration(cpus, commandLine), TimeSpan.FromMinutes(3));
        GuestRun armvisor = Boot(cpus, commandLine);

        GuestScriptResult expected = qemu.Transcript.Script(GuestScripts.Commands);
        GuestScriptResult actual = armvisor.Transcript.Script(GuestScripts.Commands);
        Assert.Equal(0, expected.Status);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Status, actual.Status);
    }

    /// <summary>
    /// Issue 7: Debian's kernel boots with ACPI only (a stub DT with the UEFI parameters), finds no PSCI in the FADT the
    /// MP start-up module rewrote, brings the 3 secondaries up through the parking protocol's mailboxes, and runs the
    /// command script with the same output as the device-tree boot. Without PSCI the guest cannot power the machine
    /// off, so the run ends when the script's end line is printed (--exit-on).
    /// </summary>
    [Fact]
    public void AcpiBoot_FourCpusThroughParkingProtocol_SameOutputAsDeviceTreeBoot()
    {
        var commandLine = new GuestCommandLine { Run = [GuestScripts.Commands] };
        MachineConfiguration deviceTree = Kit.Configuration(4, commandLine);
        MachineConfiguration acpi = deviceTree with { FirmwareTables = FirmwareTables.Acpi, ExitOnOutput = GuestMarkers.ScriptEnd };

        GuestRun acpiRun = Backend.Boot(acpi, BootTimeout);
        GuestRun deviceTreeRun = DeviceTreeCommandsOnFourCpus();

        Assert.Contains("ACPI: APIC", acpiRun.Console, StringComparison.Ordinal); // the MADT's signature is "APIC"
        Assert.Contains("psci: is not implemented in ACPI", acpiRun.Console, StringComparison.Ordinal);
        AssertFourCpusSameCommandsAs(deviceTreeRun, acpiRun);
    }

    /// <summary>An ACPI boot brought up 4 CPUs cleanly and its busybox command script printed what the device-tree boot's did.</summary>
    private static void AssertFourCpusSameCommandsAs(GuestRun deviceTreeRun, GuestRun run)
    {
        Assert.Contains("SMP: Total of 4 processors activated", run.Console, StringComparison.Ordinal);
        Assert.Equal(4, run.Transcript.ReadyCpus);
        Assert.Empty(run.Transcript.KernelProblems);
        GuestScriptResult expected = deviceTreeRun.Transcript.Script(GuestScripts.Commands);
        GuestScriptResult actual = run.Transcript.Script(GuestScripts.Commands);
        Assert.Equal(0, expected.Status);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(0, run.ExitCode);
    }

    /// <summary>
    /// Issue 7 with a platform-specific original method, run in-process: the machine's CPU release controller starts
    /// the 3 secondaries (ENTRY, then RELEASE = MPIDR, written by the hypervisor through the MMIO bus) into their park
    /// code; Debian's kernel, which knows only the parking protocol, brings all 4 up and runs the command script with
    /// the device-tree boot's output. Afterwards each mailbox's firmware half (0x800–0xFFF) is still exactly the park
    /// code the firmware wrote (patents.md §4(e) 6), and the OS half shows the protocol was used: JumpAddress cleared
    /// by the park code, ProcessorId the CPU's own interface number as Linux wrote it.
    /// </summary>
    [Fact]
    public void AcpiBoot_PlatformReleaseFourCpus_SameOutputAndMailboxFirmwareHalvesUnchanged()
    {
        var commandLine = new GuestCommandLine { Run = [GuestScripts.Commands] };
        MachineConfiguration platform = Kit.Configuration(4, commandLine) with
        {
            FirmwareTables = FirmwareTables.Acpi,
            SecondaryStart = SecondaryStartKind.Platform,
            ExitOnOutput = GuestMarkers.ScriptEnd,
        };
        var mailboxes = new List<(Mailbox Mailbox, byte[] FirmwareHalf, uint ProcessorId, ulong JumpAddress)>();
        IReadOnlyList<SecondaryStart> secondaries = [];
        CpuReleaseStatus? releaseStatus = null;

        GuestRun platformRun = InProcessGuest.Boot(platform, BootTimeout, machine =>
        {
            secondaries = machine.AcpiBoot!.MpStartup.Secondaries;
            releaseStatus = machine.CpuRelease?.Status;
            foreach (Mailbox mailbox in machine.AcpiBoot.MpStartup.Mailboxes.Mailboxes)
            {
                Span<byte> page = machine.Ram.GetSpan(mailbox.Address, ParkingMailboxLayout.Size);
                mailboxes.Add((mailbox, page[ParkingMailboxLayout.FirmwareHalfOffset..].ToArray(),
                    BitConverter.ToUInt32(page[ParkingMailboxLayout.ProcessorIdOffset..]),
                    BitConverter.ToUInt64(page[ParkingMailboxLayout.JumpAddressOffset..])));
            }
        });
        GuestRun deviceTreeRun = DeviceTreeCommandsOnFourCpus();

        Assert.False(platformRun.TimedOut, platformRun.ToString());
        Assert.Equal(3, secondaries.Count);
        Assert.All(secondaries, s => Assert.IsType<PlatformReleaseStartMethod>(s.OriginalMethod));
        Assert.Equal(CpuReleaseStatus.Released, releaseStatus);
        AssertFourCpusSameCommandsAs(deviceTreeRun, platformRun);

        Assert.Equal(3, mailboxes.Count);
        foreach ((Mailbox mailbox, byte[] firmwareHalf, uint processorId, ulong jumpAddress) in mailboxes)
        {
            var written = new byte[ParkingMailboxLayout.FirmwareHalfSize];
            ParkCode.Assemble(mailbox.CpuInterfaceNumber).CopyTo(written, 0);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(written)), Convert.ToHexString(SHA256.HashData(firmwareHalf)));
            Assert.Equal(mailbox.CpuInterfaceNumber, processorId);
            Assert.Equal(0UL, jumpAddress);
        }
    }

    private static readonly Lock s_deviceTreeRunLock = new();
    private static GuestRun? s_deviceTreeRun;

    /// <summary>
    /// The device-tree reference boot of the ACPI tests (4 vCPUs, the command script), booted once per test run and
    /// shared, so that each ACPI variant costs one Linux boot.
    /// </summary>
    private GuestRun DeviceTreeCommandsOnFourCpus()
    {
        lock (s_deviceTreeRunLock)
        {
            return s_deviceTreeRun ??= Boot(4, new GuestCommandLine { Run = [GuestScripts.Commands] });
        }
    }
}
