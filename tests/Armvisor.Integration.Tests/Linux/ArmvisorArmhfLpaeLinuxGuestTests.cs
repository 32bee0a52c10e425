using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 15's LPAE client: Debian's armmp-lpae kernel (CONFIG_ARM_LPAE, TTBCR.EAE = 1, long-descriptor tables) on
/// Armvisor's AArch32 Cortex-A15 runs the command script and prints QEMU's cortex-a15 lines for the same initramfs.
/// Opt-in with <c>ARMVISOR_TEST_ARMHF=1</c> (minutes per boot).
/// </summary>
[Collection(ArmhfLpaeLinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class ArmvisorArmhfLpaeLinuxGuestTests(ArmhfLpaeGuestKitFixture kit)
{
    [RequiresArmhfUserlandTheory]
    [InlineData(1)]
    public void CommandScript_LpaeKernel_SameOutputAsQemu(int cpus)
    {
        var commandLine = new GuestCommandLine { Run = [GuestScripts.Commands] };
        GuestRun qemu = GuestBackend.For(GuestBackend.QemuName).Boot(kit.Configuration(cpus, commandLine), TimeSpan.FromMinutes(5));
        GuestRun armvisor = GuestBackend.For(GuestBackend.ArmvisorName).Boot(kit.Configuration(cpus, commandLine), TimeSpan.FromMinutes(20));

        Assert.EndsWith("-lpae", kit.Kit.KernelRelease, StringComparison.Ordinal);
        Assert.False(armvisor.TimedOut, armvisor.ToString());
        GuestScriptResult expected = qemu.Transcript.Script(GuestScripts.Commands);
        GuestScriptResult actual = armvisor.Transcript.Script(GuestScripts.Commands);
        Assert.Equal(0, expected.Status);
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Empty(armvisor.Transcript.KernelProblems);
    }
}
