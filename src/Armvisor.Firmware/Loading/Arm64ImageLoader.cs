using System.IO.Compression;
using Armvisor.Memory;

namespace Armvisor.Firmware.Loading;

/// <summary>
/// Loads a Linux arm64 Image (plain or gzip) with its initrd and DTB per booting.rst (linux-platform.md §1.2):
/// the DTB (≤ 2 MiB, 8-byte aligned) in its own 2 MiB block at the start of RAM, the Image at a 2 MiB-aligned base +
/// text_offset with image_size bytes free, the initrd where QEMU puts it (RAM base + min(RAM/2, 128 MiB), or after
/// the kernel) inside the same 1 GiB-aligned 32 GiB window as the kernel.
/// </summary>
public static class Arm64ImageLoader
{
    public const string KernelName = "kernel";
    public const string InitrdName = "initrd";
    public const string DeviceTreeName = "dtb";
    public const string DeviceTreeSlotName = "dtb slot";

    /// <summary>booting.rst: "The device tree blob (dtb) must be placed on an 8-byte boundary and must not exceed 2 megabytes".</summary>
    public const ulong DeviceTreeMaxSize = 2 * 1024 * 1024;

    private const ulong TwoMiB = 2 * 1024 * 1024;
    private const ulong OneGiB = 1UL << 30;
    private const ulong InitrdWindow = 32UL << 30;
    private const ulong QemuInitrdOffsetLimit = 128 * 1024 * 1024;
    private const ulong PageSize = 4096;

    /// <summary>gzip member magic (RFC 1952 §2.3.1: ID1 = 0x1F, ID2 = 0x8B).</summary>
    private static ReadOnlySpan<byte> GzipMagic => [0x1F, 0x8B];

    /// <summary>Reads and decodes a kernel file.</summary>
    public static Arm64Image ReadFile(string path) => Decode(BootFile.Read(path, "kernel"), path);

    /// <summary>Checks the header, inflating a gzip-compressed Image first ("it's the bootloader's job to uncompress").</summary>
    public static Arm64Image Decode(byte[] file, string name, ulong maxInflatedSize = 1UL << 31)
    {
        var compressed = file.AsSpan().StartsWith(GzipMagic);
        var bytes = compressed ? Inflate(file, name, maxInflatedSize) : file;
        var header = Arm64ImageHeader.TryRead(bytes)
            ?? throw new BootImageException(BootImageError.NotArm64Image, $"'{name}' is not an arm64 Image (no \"ARM\\x64\" magic at offset 0x38)");
        if (header.IsBigEndian)
        {
            throw new BootImageException(BootImageError.NotArm64Image, $"'{name}' is a big-endian arm64 Image; only little-endian guests are supported");
        }

        return new Arm64Image(header, bytes, compressed);
    }

    /// <summary>
    /// What QEMU's <c>-kernel</c> accepts besides ELF (hw/arm/boot.c <c>arm_setup_direct_kernel_boot</c>): an arm64
    /// Image or its gzip form is decoded by <see cref="Decode"/>; any other file is a raw image loaded as a Linux
    /// kernel would be, at <see cref="Arm64ImageHeader.LegacyTextOffset"/> (QEMU's KERNEL64_LOAD_ADDR) from a 2 MiB
    /// base, entered at its first byte with the DTB address in X0 (booting.rst §4). kvm-unit-tests' <c>.flat</c> files
    /// are such images.
    /// </summary>
    public static Arm64Image DecodeKernel(byte[] file, string name, ulong maxInflatedSize = 1UL << 31)
    {
        if (file.AsSpan().StartsWith(GzipMagic) || Arm64ImageHeader.TryRead(file) is not null)
        {
            return Decode(file, name, maxInflatedSize);
        }

        var header = new Arm64ImageHeader(0, 0, Arm64ImageHeader.LegacyTextOffset, ImageSize: 0, Flags: 0);
        return new Arm64Image(header, file, WasCompressed: false) { IsRaw = true };
    }

    /// <summary>
    /// Places and writes the kernel, initrd and DTB. <paramref name="buildDeviceTree"/> receives the initrd's final
    /// range (for /chosen linux,initrd-*) and returns the DTB to write.
    /// </summary>
    public static BootPlan Load(GuestRam ram, BootLayout layout, Arm64Image kernel, ReadOnlySpan<byte> initrd, bool hasInitrd, Func<AddressRange?, byte[]> buildDeviceTree)
    {
        var ramBase = layout.Ram.Start;
        AddressRange dtbSlot;
        AddressRange kernelRange;
        AddressRange? initrdRange;
        if (kernel.IsRaw)
        {
            // QEMU hw/arm/boot.c for a raw image: the kernel at RAM base + KERNEL64_LOAD_ADDR, the DTB after the
            // initrd's slot (RAM base + min(RAM/2, 128 MiB)), so above whatever .bss and stack the program has.
            // kvm-unit-tests asserts exactly that (lib/arm/setup.c: fdt > &stacktop).
            kernelRange = PlaceKernel(layout, kernel);
            initrdRange = hasInitrd ? PlaceInitrd(layout, kernelRange, (ulong)initrd.Length) : null;
            var preferred = ramBase + Math.Min(layout.Ram.Length / 2, QemuInitrdOffsetLimit);
            var from = initrdRange is { } placed && placed.End > preferred ? placed.End : preferred;
            var start = layout.FindFree(from, TwoMiB, TwoMiB)
                ?? throw new BootImageException(BootImageError.OverlappingPlacement, $"no room for the device tree in guest RAM {layout.Ram} after the kernel at {kernelRange}");
            dtbSlot = new AddressRange(start, TwoMiB);
            layout.Place(DeviceTreeSlotName, dtbSlot);
        }
        else
        {
            dtbSlot = new AddressRange(ramBase, TwoMiB);
            layout.Place(DeviceTreeSlotName, dtbSlot);
            kernelRange = PlaceKernel(layout, kernel);
            initrdRange = hasInitrd ? PlaceInitrd(layout, kernelRange, (ulong)initrd.Length) : null;
        }

        var dtb = buildDeviceTree(initrdRange);
        if ((ulong)dtb.Length > DeviceTreeMaxSize)
        {
            throw new BootImageException(BootImageError.MalformedDeviceTree, $"device tree of {dtb.Length} bytes exceeds booting.rst's 2 MiB limit");
        }

        ram.Write(kernelRange.Start, kernel.Bytes);
        if (initrdRange is { } range)
        {
            ram.Write(range.Start, initrd);
        }

        ram.Write(dtbSlot.Start, dtb);
        var components = layout.Components.Append(new PlacedComponent(DeviceTreeName, new AddressRange(dtbSlot.Start, (ulong)dtb.Length))).ToArray();
        return new BootPlan(kernelRange.Start, dtbSlot.Start.Value, components);
    }

    private static AddressRange PlaceKernel(BootLayout layout, Arm64Image kernel)
    {
        var footprint = kernel.FootprintSize + kernel.Header.EffectiveTextOffset;
        if (footprint > layout.Ram.Length)
        {
            throw new BootImageException(BootImageError.LargerThanRam, $"kernel needs {footprint} bytes (image_size + text_offset) but guest RAM is {layout.Ram.Length} bytes");
        }

        // Flags bit 3 clear asks for the lowest 2 MiB-aligned base; the first free one is also what bit 3 set allows.
        var textOffset = kernel.Header.EffectiveTextOffset;
        var baseAddress = layout.FindFree(layout.Ram.Start, footprint, TwoMiB)
            ?? throw new BootImageException(BootImageError.OverlappingPlacement, $"no 2 MiB-aligned gap of {footprint} bytes for the kernel in guest RAM {layout.Ram}");
        var range = new AddressRange(baseAddress + textOffset, kernel.FootprintSize);
        layout.Place(KernelName, range);
        return range;
    }

    private static AddressRange PlaceInitrd(BootLayout layout, AddressRange kernel, ulong length)
    {
        if (length > layout.Ram.Length)
        {
            throw new BootImageException(BootImageError.LargerThanRam, $"initrd of {length} bytes is larger than guest RAM ({layout.Ram.Length} bytes)");
        }

        // QEMU hw/arm/boot.c: RAM base + MIN(ram_size / 2, 128 MiB), moved above the kernel if that is higher.
        var preferred = layout.Ram.Start + Math.Min(layout.Ram.Length / 2, QemuInitrdOffsetLimit);
        var from = preferred < kernel.End ? kernel.End : preferred;
        var start = layout.FindFree(from, Math.Max(length, 1), PageSize)
            ?? throw new BootImageException(BootImageError.OverlappingPlacement, $"initrd of {length} bytes does not fit in guest RAM {layout.Ram} after the kernel at {kernel}");
        var range = new AddressRange(start, length);

        // booting.rst: the initrd must lie in a 1 GiB-aligned window of at most 32 GiB that also covers the kernel.
        var windowStart = Math.Min(kernel.Start.Value, start.Value) & ~(OneGiB - 1);
        if (Math.Max(kernel.End.Value, range.End.Value) - windowStart > InitrdWindow)
        {
            throw new BootImageException(BootImageError.OverlappingPlacement, $"initrd at {range} is not within a 32 GiB window with the kernel at {kernel}");
        }

        layout.Place(InitrdName, range);
        return range;
    }

    private static byte[] Inflate(byte[] file, string name, ulong maxInflatedSize)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, read);
                if ((ulong)output.Length > maxInflatedSize)
                {
                    throw new BootImageException(BootImageError.LargerThanRam, $"'{name}' inflates to more than {maxInflatedSize} bytes");
                }
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new BootImageException(BootImageError.NotArm64Image, $"'{name}' looks gzip-compressed but does not inflate: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }
}
