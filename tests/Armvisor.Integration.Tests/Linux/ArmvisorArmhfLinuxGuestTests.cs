using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// The armhf scenarios on Armvisor (<c>armvisor run</c> with the zImage: an AArch32 Cortex-A15 under the EL2 agent),
/// and the command script compared line by line with QEMU's cortex-a15 on the same initramfs.
/// </summary>
[Collection(ArmhfLinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class ArmvisorArmhfLinuxGuestTests(ArmhfGuestKitFixture kit) : ArmhfLinuxGuestScenarios(kit, GuestBackend.ArmvisorName)
{
    protected override TimeSpan BootTimeout => TimeSpan.FromMinutes(15);

    [RequiresArmhfUserlandTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void Boot_ToMarker_HealthyAndCommandScriptAsComputedOnHost(int cpus) => BootToMarkerWithHealthAndCommands(cpus);

    [RequiresArmhfUserlandTheory]
    [InlineData(1)]
    [InlineData(2)]
    public void CommandScript_SameInitramfs_SameOutputAsQemu(int cpus)
    {
        var commandLine = new GuestCommandLine { Run = [GuestScripts.Commands] };
        GuestRun qemu = GuestBackend.For(GuestBackend.QemuName).Boot(Kit.Configuration(cpus, commandLine), TimeSpan.FromMinutes(5));
        GuestRun armvisor = Backend.Boot(Kit.Configuration(cpus, commandLine), BootTimeout);

        GuestScriptResult expected = qemu.Transcript.Script(GuestScripts.Commands);
        GuestScriptResult actual = armvisor.Transcript.Script(GuestScripts.Commands);
        Assert.Equal(0, expected.Status);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Empty(armvisor.Transcript.KernelProblems);
    }
}
