using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// Where a loader put everything and how the boot CPU starts: PC = <see cref="EntryPoint"/>, X0 = <see cref="X0"/>
/// (the DTB for a Linux Image, booting.rst "Call the kernel image"), X1..X3 = 0, EL1h with DAIF masked, MMU off.
/// </summary>
public sealed record BootPlan(GuestPhysicalAddress EntryPoint, ulong X0, IReadOnlyList<PlacedComponent> Components)
{
    /// <summary>The kernel image span (load address .. + image_size), if a kernel was placed.</summary>
    public AddressRange? Kernel => Find(Arm64ImageLoader.KernelName);

    public AddressRange? Initrd => Find(Arm64ImageLoader.InitrdName);

    /// <summary>The DTB actually written (its own size, not the 2 MiB slot).</summary>
    public AddressRange? DeviceTree => Find(Arm64ImageLoader.DeviceTreeName);

    public AddressRange? Find(string name) => Components.FirstOrDefault(c => c.Name == name)?.Range;
}
