using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>Debian's armhf kit (linux-image-armmp, busybox-static:armhf) and its initramfs, shared by the armhf tests.</summary>
public sealed class ArmhfGuestKitFixture() : GuestKitFixture(GuestArchitecture.Armhf);
