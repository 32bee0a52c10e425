using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// Loads a 32-bit Arm Linux zImage with its initrd and DTB where QEMU's direct kernel boot puts them for a 32-bit CPU
/// (hw/arm/boot.c <c>arm_setup_direct_kernel_boot</c>): the zImage at RAM base + 0x10000 (KERNEL_LOAD_ADDR;
/// it decompresses itself to RAM base + 0x8000), the initrd at RAM base + min(RAM / 2, 128 MiB) or above the zImage, page aligned, and the DTB right after
/// the initrd on a 4 KiB boundary ("some 32bit kernels will trash anything in the 4K page the initrd ends in").
/// The CPU enters at the zImage's first word as booting.rst §5 requires: SVC mode, IRQ/FIQ masked, MMU and D-cache
/// off, r0 = 0, r1 = ~0 (no machine type: DT boot), r2 = the DTB's physical address (the plan's X0; the hypervisor
/// core sets the registers).
/// </summary>
public static class ZImageLoader
{
    /// <summary>QEMU's KERNEL_LOAD_ADDR: the zImage's offset from the start of RAM.</summary>
    public const ulong KernelLoadOffset = 0x1_0000;

    private const ulong QemuInitrdOffsetLimit = 128 * 1024 * 1024;
    private const ulong PageSize = 4096;

    /// <summary>QEMU aligns a 32-bit guest's DTB to 4 KiB (an AArch64 one to 2 MiB).</summary>
    private const ulong DeviceTreeAlignment = 4096;

    /// <summary>True when <paramref name="file"/> is a little- or big-endian zImage.</summary>
    public static bool IsZImage(ReadOnlySpan<byte> file) => ZImageHeader.TryRead(file) is not null;

    /// <summary>
    /// Places and writes the zImage, initrd and DTB. <paramref name="buildDeviceTree"/> receives the initrd's final
    /// range (for /chosen linux,initrd-*) and returns the DTB to write.
    /// </summary>
    public static BootPlan Load(GuestRam ram, BootLayout layout, byte[] kernel, string name, ReadOnlySpan<byte> initrd, bool hasInitrd,
        Func<AddressRange?, byte[]> buildDeviceTree)
    {
        ArgumentNullException.ThrowIfNull(ram);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(buildDeviceTree);
        ZImageHeader header = ZImageHeader.TryRead(kernel)
            ?? throw new BootImageException(BootImageError.NotArm64Image, $"'{name}' is not an Arm zImage (no magic 0x016F2818 at offset 0x24)");
        if (header.IsBigEndian)
        {
            throw new BootImageException(BootImageError.NotArm64Image, $"'{name}' is a big-endian zImage; only little-endian guests are supported");
        }

        GuestPhysicalAddress ramBase = layout.Ram.Start;
        if (KernelLoadOffset + (ulong)kernel.Length > layout.Ram.Length)
        {
            throw new BootImageException(BootImageError.LargerThanRam, $"zImage of {kernel.Length} bytes does not fit in guest RAM ({layout.Ram.Length} bytes)");
        }

        var kernelRange = new AddressRange(ramBase + KernelLoadOffset, (ulong)kernel.Length);
        layout.Place(Arm64ImageLoader.KernelName, kernelRange);

        // QEMU: initrd_start = loader_start + MIN(ram_size / 2, 128 MiB), raised to the kernel's end, page aligned; the
        // DTB at QEMU_ALIGN_UP(initrd_start + initrd_size, 4 KiB) whether or not there is an initrd.
        ulong initrdStart = ramBase.Value + Math.Min(layout.Ram.Length / 2, QemuInitrdOffsetLimit);
        initrdStart = BootLayout.AlignUp(Math.Max(initrdStart, kernelRange.End.Value), PageSize);
        ulong initrdLength = hasInitrd ? (ulong)initrd.Length : 0;
        AddressRange? initrdRange = null;
        if (hasInitrd)
        {
            var range = new AddressRange(new GuestPhysicalAddress(initrdStart), initrdLength);
            if (!layout.Ram.Contains(range.Start, Math.Max(initrdLength, 1)))
            {
                throw new BootImageException(BootImageError.LargerThanRam, $"initrd of {initrdLength} bytes at {range.Start} does not fit in guest RAM {layout.Ram}");
            }

            layout.Place(Arm64ImageLoader.InitrdName, range);
            initrdRange = range;
        }

        byte[] dtb = buildDeviceTree(initrdRange);
        var dtbRange = new AddressRange(new GuestPhysicalAddress(BootLayout.AlignUp(initrdStart + initrdLength, DeviceTreeAlignment)), (ulong)dtb.Length);
        if (!layout.Ram.Contains(dtbRange.Start, dtbRange.Length))
        {
            throw new BootImageException(BootImageError.LargerThanRam, $"no room for the device tree at {dtbRange.Start} in guest RAM {layout.Ram}");
        }

        layout.Place(Arm64ImageLoader.DeviceTreeName, dtbRange);
        ram.Write(kernelRange.Start, kernel);
        if (initrdRange is { } placed)
        {
            ram.Write(placed.Start, initrd);
        }

        ram.Write(dtbRange.Start, dtb);
        return new BootPlan(kernelRange.Start, dtbRange.Start.Value, layout.Components.ToArray());
    }
}
