namespace Armvisor.Integration.Tests.Linux;

/// <summary>The armhf scenarios on qemu-system-arm -M virt,gic-version=3 -cpu cortex-a15 (the reference; runs in CI).</summary>
[Collection(ArmhfLinuxGuestCollection.Name)]
public sealed class QemuArmhfLinuxGuestTests(ArmhfGuestKitFixture kit) : ArmhfLinuxGuestScenarios(kit, GuestBackend.QemuName)
{
    protected override TimeSpan BootTimeout => TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Boot_ToMarker_HealthyAndCommandScriptAsComputedOnHost(int cpus) => BootToMarkerWithHealthAndCommands(cpus);
}
