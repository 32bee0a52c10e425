using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The Linux guest scenarios on Armvisor, plus the comparison of the command script's output with QEMU's. These
/// need the complete engine; CI excludes them with <c>--filter "Requires!=LinuxOnArmvisor"</c> until Linux boots.
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
}
