using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>Debian's armhf LPAE kit (linux-image-armmp-lpae, busybox-static:armhf) and its initramfs.</summary>
public sealed class ArmhfLpaeGuestKitFixture() : GuestKitFixture(GuestArchitecture.Armhf, KernelFlavour.Lpae);
