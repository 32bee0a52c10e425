namespace Armvisor.Integration.Tests.Linux;

/// <summary>The Linux guest scenarios on qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 (the reference; runs in CI).</summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class QemuLinuxGuestTests(GuestKitFixture kit) : LinuxGuestScenarios(kit, GuestBackend.QemuName)
{
    protected override TimeSpan BootTimeout => TimeSpan.FromMinutes(3);

    // Short in CI: enough rounds on every CPU to catch a wrong result; Armvisor's run is the full minute.
    protected override int StressSeconds => 8;
}
