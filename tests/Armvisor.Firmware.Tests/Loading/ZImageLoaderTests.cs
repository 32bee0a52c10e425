using System.Buffers.Binary;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Firmware.Loading;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Loading;

public sealed class ZImageLoaderTests : IDisposable
{
    private const ulong RamBase = 0x4000_0000;
    private readonly GuestRam _ram = new(new GuestPhysicalAddress(RamBase), 512 * 1024 * 1024);

    public void Dispose() => _ram.Dispose();

    /// <summary>A zImage-shaped file: the magic, start 0, end = length and the little-endian marker (head.S).</summary>
    private static byte[] ZImage(int length, uint endianMarker = 0x0403_0201)
    {
        var file = new byte[length];
        new Random(length).NextBytes(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x24), 0x016F_2818);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x28), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x2C), (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x30), endianMarker);
        return file;
    }

    private BootPlan Load(byte[] kernel, byte[]? initrd, GuestRam? ram = null)
    {
        ram ??= _ram;
        var machine = MachineDescription.QemuVirt(1, ram.Range.Length) with { AArch32Cpus = true };
        return ZImageLoader.Load(ram, new BootLayout(ram.Range), kernel, "zImage", initrd ?? [], initrd is not null,
            range => DeviceTreeBuilder.Build(machine with { Initrd = range }));
    }

    [Fact]
    public void TryRead_DebianLikeHeader_ReadsStartEndAndEndianness()
    {
        ZImageHeader header = ZImageHeader.TryRead(ZImage(0x10_0000))!.Value;

        Assert.Equal(0u, header.StartAddress);
        Assert.Equal(0x10_0000u, header.ImageSize);
        Assert.False(header.IsBigEndian);
        Assert.Null(ZImageHeader.TryRead(new byte[0x1000]));
    }

    [Fact]
    public void Load_WithInitrd_PlacesAsQemuForA32BitCpu()
    {
        byte[] kernel = ZImage(5_468_672);
        byte[] initrd = new byte[1_000_123];
        initrd[0] = 0x1F;

        BootPlan plan = Load(kernel, initrd);

        // hw/arm/boot.c: kernel at RAM + KERNEL_LOAD_ADDR (0x10000), initrd at RAM + min(RAM/2, 128 MiB), DTB
        // after the initrd aligned to 4 KiB; the entry is the zImage's first word, r2 = the DTB.
        Assert.Equal(RamBase + 0x1_0000, plan.EntryPoint.Value);
        Assert.Equal(RamBase + 0x1_0000, plan.Kernel!.Value.Start.Value);
        Assert.Equal(RamBase + 0x800_0000, plan.Initrd!.Value.Start.Value);
        Assert.Equal(1_000_123UL, plan.Initrd!.Value.Length);
        ulong dtb = (RamBase + 0x800_0000 + 1_000_123 + 0xFFF) & ~0xFFFUL;
        Assert.Equal(dtb, plan.DeviceTree!.Value.Start.Value);
        Assert.Equal(dtb, plan.X0);
        Assert.Equal(kernel[0x100], _ram.Read<byte>(new GuestPhysicalAddress(RamBase + 0x1_0100)));
        Assert.Equal(0xD00D_FEEDu, BinaryPrimitives.ReverseEndianness(_ram.Read<uint>(new GuestPhysicalAddress(dtb))));
    }

    [Fact]
    public void Load_SmallRam_InitrdAtHalfOfRam()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(RamBase), 128 * 1024 * 1024);

        BootPlan plan = Load(ZImage(0x40_0000), new byte[4096], ram);

        Assert.Equal(RamBase + 0x400_0000, plan.Initrd!.Value.Start.Value);
        Assert.Equal(RamBase + 0x400_1000, plan.DeviceTree!.Value.Start.Value);
    }

    [Fact]
    public void Load_WithoutInitrd_DeviceTreeWhereTheInitrdWouldStart()
    {
        BootPlan plan = Load(ZImage(0x20_0000), initrd: null);

        Assert.Null(plan.Initrd);
        Assert.Equal(RamBase + 0x800_0000, plan.DeviceTree!.Value.Start.Value);
    }

    [Fact]
    public void Load_BigEndianZImage_ThrowsOneLine()
    {
        var error = Assert.Throws<BootImageException>(() => Load(ZImage(0x1000, endianMarker: 0x0102_0304), null));

        Assert.Equal("'zImage' is a big-endian zImage; only little-endian guests are supported", error.Message);
    }
}
