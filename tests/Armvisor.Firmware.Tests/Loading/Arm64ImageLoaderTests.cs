using Armvisor.Firmware.DeviceTree;
using Armvisor.Firmware.Loading;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Loading;

public sealed class Arm64ImageLoaderTests : IDisposable
{
    private const ulong RamBase = 0x4000_0000;
    private readonly GuestRam _ram = new(new GuestPhysicalAddress(RamBase), 256 * 1024 * 1024);

    public void Dispose() => _ram.Dispose();

    private BootPlan LoadLinux(byte[] kernelFile, byte[]? initrd = null)
    {
        var kernel = Arm64ImageLoader.Decode(kernelFile, "Image");
        var machine = MachineDescription.QemuVirt(1, _ram.Range.Length);
        return Arm64ImageLoader.Load(_ram, new BootLayout(_ram.Range), kernel, initrd ?? [], initrd is not null,
            range => DeviceTreeBuilder.Build(machine with { Initrd = range }));
    }

    [Fact]
    public void Decode_PlainImage_ReadsHeaderFields()
    {
        var image = Arm64ImageLoader.Decode(TestImages.Arm64Image(textOffset: 0x8_0000, imageSize: 0x12_0000, flags: 0xA), "Image");

        Assert.Equal(0x8_0000UL, image.Header.TextOffset);
        Assert.Equal(0x12_0000UL, image.Header.ImageSize);
        Assert.Equal(Arm64PageSize.Size4K, image.Header.PageSize);
        Assert.True(image.Header.PlaceAnywhere);
        Assert.False(image.WasCompressed);
    }

    [Fact]
    public void Decode_GzipImage_InflatesToSameBytes()
    {
        var plain = TestImages.Arm64Image();

        var image = Arm64ImageLoader.Decode(TestImages.Gzip(plain), "Image.gz");

        Assert.True(image.WasCompressed);
        Assert.Equal(plain, image.Bytes);
    }

    [Fact]
    public void Decode_NoMagic_ThrowsNotArm64Image()
    {
        var error = Assert.Throws<BootImageException>(() => Arm64ImageLoader.Decode(new byte[4096], "vmlinux"));

        Assert.Equal(BootImageError.NotArm64Image, error.Error);
        Assert.Equal("'vmlinux' is not an arm64 Image (no \"ARM\\x64\" magic at offset 0x38)", error.Message);
    }

    [Fact]
    public void Decode_CorruptGzip_ThrowsNotArm64Image()
    {
        var gzip = TestImages.Gzip(TestImages.Arm64Image());
        gzip[12] ^= 0xFF;
        gzip[13] ^= 0xFF;

        var error = Assert.Throws<BootImageException>(() => Arm64ImageLoader.Decode(gzip, "Image.gz"));

        Assert.Equal(BootImageError.NotArm64Image, error.Error);
    }

    [Fact]
    public void Decode_BigEndianFlag_ThrowsNotArm64Image()
    {
        var error = Assert.Throws<BootImageException>(() => Arm64ImageLoader.Decode(TestImages.Arm64Image(flags: 0xB), "Image"));

        Assert.Equal(BootImageError.NotArm64Image, error.Error);
    }

    [Fact]
    public void ReadFile_Missing_ThrowsMissingFile()
    {
        var error = Assert.Throws<BootImageException>(() => Arm64ImageLoader.ReadFile("/nonexistent/Image"));

        Assert.Equal(BootImageError.MissingFile, error.Error);
        Assert.Equal("kernel file '/nonexistent/Image' not found", error.Message);
    }

    [Fact]
    public void Load_Image_KernelAt2MiBAlignedBasePlusTextOffsetAndX0IsDtb()
    {
        var plan = LoadLinux(TestImages.Arm64Image(textOffset: 0x8_0000, imageSize: 0x10_0000));

        Assert.Equal(RamBase + 0x20_0000 + 0x8_0000, plan.EntryPoint.Value);
        Assert.Equal(0UL, (plan.EntryPoint.Value - 0x8_0000) % 0x20_0000);
        Assert.Equal(RamBase, plan.X0);
        Assert.Equal(0UL, plan.X0 % 8);
        Assert.Equal(0x10_0000UL, plan.Kernel!.Value.Length);
    }

    [Fact]
    public void Load_Image_WritesKernelBytesAndDtb()
    {
        var file = TestImages.Arm64Image();

        var plan = LoadLinux(file);

        var written = new byte[file.Length];
        _ram.Read(plan.EntryPoint, written);
        Assert.Equal(file, written);
        Assert.Equal(0xD0u, _ram.Read<byte>(new GuestPhysicalAddress(plan.X0)));
    }

    [Fact]
    public void Load_ZeroImageSize_UsesLegacyTextOffset()
    {
        var plan = LoadLinux(TestImages.Arm64Image(textOffset: 0, imageSize: 0));

        Assert.Equal(RamBase + 0x20_0000 + 0x8_0000, plan.EntryPoint.Value);
    }

    [Fact]
    public void Load_Initrd_PlacedLikeQemuOutsideKernelSpanAndInDtb()
    {
        var initrd = new byte[0x3000];
        Array.Fill(initrd, (byte)0x5A);

        var plan = LoadLinux(TestImages.Arm64Image(), initrd);

        Assert.Equal(RamBase + 0x800_0000, plan.Initrd!.Value.Start.Value);
        Assert.False(plan.Initrd.Value.Overlaps(plan.Kernel!.Value));
        Assert.Equal(0x5A, _ram.Read<byte>(plan.Initrd.Value.Start));
        var dtb = new byte[plan.DeviceTree!.Value.Length];
        _ram.Read(plan.DeviceTree.Value.Start, dtb);
        var chosen = FdtReader.Parse(dtb).Root.FindPath("/chosen")!;
        Assert.Equal(plan.Initrd.Value.Start.Value, chosen.FindProperty("linux,initrd-start")!.AsU64());
        Assert.Equal(plan.Initrd.Value.End.Value, chosen.FindProperty("linux,initrd-end")!.AsU64());
    }

    [Fact]
    public void Load_KernelReachingInitrdOffset_InitrdMovesAboveKernel()
    {
        var plan = LoadLinux(TestImages.Arm64Image(imageSize: 0x900_0000), new byte[0x1000]);

        Assert.True(plan.Initrd!.Value.Start >= plan.Kernel!.Value.End);
    }

    [Fact]
    public void Load_ImageSizeLargerThanRam_ThrowsLargerThanRam()
    {
        var error = Assert.Throws<BootImageException>(() => LoadLinux(TestImages.Arm64Image(imageSize: 0x1100_0000)));

        Assert.Equal(BootImageError.LargerThanRam, error.Error);
    }

    [Fact]
    public void Load_InitrdLargerThanRam_ThrowsLargerThanRam()
    {
        var error = Assert.Throws<BootImageException>(() => LoadLinux(TestImages.Arm64Image(), new byte[0x1000_1000]));

        Assert.Equal(BootImageError.LargerThanRam, error.Error);
        Assert.StartsWith("initrd of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InitrdNotFittingAfterKernel_ThrowsOverlappingPlacement()
    {
        var error = Assert.Throws<BootImageException>(() => LoadLinux(TestImages.Arm64Image(imageSize: 0x800_0000), new byte[0x7F0_0000]));

        Assert.Equal(BootImageError.OverlappingPlacement, error.Error);
    }

    [Fact]
    public void Load_ReservedRangeAtKernelSpot_KernelMovesToNextFreeBlock()
    {
        var layout = new BootLayout(_ram.Range);
        layout.Place("firmware", new AddressRange(new GuestPhysicalAddress(RamBase + 0x20_0000), 0x1000));
        var kernel = Arm64ImageLoader.Decode(TestImages.Arm64Image(), "Image");

        var plan = Arm64ImageLoader.Load(_ram, layout, kernel, [], false, _ => new byte[64]);

        Assert.Equal(RamBase + 0x40_0000, plan.EntryPoint.Value);
    }

    [Fact]
    public void Load_OversizedDtb_ThrowsMalformedDeviceTree()
    {
        var kernel = Arm64ImageLoader.Decode(TestImages.Arm64Image(), "Image");

        var error = Assert.Throws<BootImageException>(() =>
            Arm64ImageLoader.Load(_ram, new BootLayout(_ram.Range), kernel, [], false, _ => new byte[0x20_0001]));

        Assert.Equal(BootImageError.MalformedDeviceTree, error.Error);
    }
    [Fact]
    public void DecodeKernel_NoMagic_IsRawImageWithLegacyTextOffset()
    {
        var image = Arm64ImageLoader.DecodeKernel([0x00, 0x00, 0x00, 0x14], "test.flat");

        Assert.True(image.IsRaw);
        Assert.Equal(Arm64ImageHeader.LegacyTextOffset, image.Header.EffectiveTextOffset);
    }

    [Fact]
    public void DecodeKernel_Image_IsNotRaw()
    {
        Assert.False(Arm64ImageLoader.DecodeKernel(TestImages.Arm64Image(), "Image").IsRaw);
    }

    [Fact]
    public void Load_RawImage_KernelAtRamBasePlus512KiBAndDtbAboveIt()
    {
        var machine = MachineDescription.QemuVirt(1, _ram.Range.Length);
        var kernel = Arm64ImageLoader.DecodeKernel(new byte[0x3000], "test.flat");

        var plan = Arm64ImageLoader.Load(_ram, new BootLayout(_ram.Range), kernel, [], false, range => DeviceTreeBuilder.Build(machine));

        // QEMU: KERNEL64_LOAD_ADDR for a raw image, the DTB at RAM base + min(RAM / 2, 128 MiB).
        Assert.Equal(RamBase + 0x8_0000, plan.EntryPoint.Value);
        Assert.Equal(RamBase + 0x800_0000, plan.X0);
        Assert.Equal(0xD0u, _ram.Read<byte>(new GuestPhysicalAddress(plan.X0)));
    }
}
