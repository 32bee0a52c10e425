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
        GuestRun deviceTreeRun = Boot(4, commandLine);

        Assert.Contains("ACPI: APIC", acpiRun.Console, StringComparison.Ordinal); // the MADT's signature is "APIC"
        Assert.Contains("psci: is not implemented in ACPI", acpiRun.Console, StringComparison.Ordinal);
        Assert.Contains("SMP: Total of 4 processors activated", acpiRun.Console, StringComparison.Ordinal);
        Assert.Equal(4, acpiRun.Transcript.ReadyCpus);
        Assert.Empty(acpiRun.Transcript.KernelProblems);
        GuestScriptResult expected = deviceTreeRun.Transcript.Script(GuestScripts.Commands);
        GuestScriptResult actual = acpiRun.Transcript.Script(GuestScripts.Commands);
        Assert.Equal(0, expected.Status);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(0, acpiRun.ExitCode);
    }
}
