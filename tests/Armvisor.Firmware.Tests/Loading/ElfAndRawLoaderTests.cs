using Armvisor.Firmware.Loading;
using Armvisor.Memory;

namespace Armvisor.Firmware.Tests.Loading;

public sealed class ElfAndRawLoaderTests : IDisposable
{
    private const ulong RamBase = 0x4000_0000;
    private readonly GuestRam _ram = new(new GuestPhysicalAddress(RamBase), 16 * 1024 * 1024);

    public void Dispose() => _ram.Dispose();

    [Fact]
    public void Load_Elf_CopiesSegmentZeroFillsBssAndReturnsEntry()
    {
        _ram.GetSpan(new GuestPhysicalAddress(RamBase + 0x8_0000), 0x100).Fill(0xEE);
        var elf = TestImages.Elf(RamBase + 0x8_0000, RamBase + 0x8_0000, RamBase + 0x8_0010, [1, 2, 3, 4], memorySize: 0x100);

        var plan = ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "guest.elf");

        Assert.Equal(RamBase + 0x8_0010, plan.EntryPoint.Value);
        Assert.Equal(0x0403_0201u, _ram.Read<uint>(new GuestPhysicalAddress(RamBase + 0x8_0000)));
        Assert.Equal(0UL, _ram.Read<ulong>(new GuestPhysicalAddress(RamBase + 0x8_0004)));
        Assert.Equal(0, _ram.Read<byte>(new GuestPhysicalAddress(RamBase + 0x8_00FF)));
    }

    [Fact]
    public void Load_ElfWithVirtualLinkAddress_EntryTranslatedToPhysical()
    {
        var elf = TestImages.Elf(RamBase, 0xFFFF_0000_0000_0000, 0xFFFF_0000_0000_0008, new byte[16], 16);

        var plan = ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "guest.elf");

        Assert.Equal(RamBase + 8, plan.EntryPoint.Value);
    }

    [Fact]
    public void Load_ElfForOtherMachine_ThrowsNotElfImage()
    {
        var elf = TestImages.Elf(RamBase, RamBase, RamBase, new byte[16], 16, machine: 62);

        var error = Assert.Throws<BootImageException>(() => ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "x86.elf"));

        Assert.Equal(BootImageError.NotElfImage, error.Error);
    }

    [Fact]
    public void Load_ElfFileSizeAboveMemorySize_ThrowsNotElfImage()
    {
        var elf = TestImages.Elf(RamBase, RamBase, RamBase, new byte[16], memorySize: 8);

        Assert.Throws<BootImageException>(() => ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "bad.elf"));
    }

    [Fact]
    public void Load_ElfSegmentOutsideRam_ThrowsOverlappingPlacement()
    {
        var elf = TestImages.Elf(0x1000, 0x1000, 0x1000, new byte[16], 16);

        var error = Assert.Throws<BootImageException>(() => ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "low.elf"));

        Assert.Equal(BootImageError.OverlappingPlacement, error.Error);
    }

    [Fact]
    public void Load_Raw_WritesBytesAtAddress()
    {
        var range = RawLoader.Load(_ram, new BootLayout(_ram.Range), [9, 8, 7], new GuestPhysicalAddress(RamBase + 0x100), "blob");

        Assert.Equal(3UL, range.Length);
        Assert.Equal(8, _ram.Read<byte>(new GuestPhysicalAddress(RamBase + 0x101)));
    }

    [Fact]
    public void Load_RawOverlappingElf_ThrowsWithBothNames()
    {
        var layout = new BootLayout(_ram.Range);
        ElfLoader.Load(_ram, layout, TestImages.Elf(RamBase, RamBase, RamBase, new byte[16], 0x1000), "guest.elf");

        var error = Assert.Throws<BootImageException>(() =>
            RawLoader.Load(_ram, layout, new byte[16], new GuestPhysicalAddress(RamBase + 0x800), "blob"));

        Assert.Equal(BootImageError.OverlappingPlacement, error.Error);
        Assert.Contains("blob", error.Message, StringComparison.Ordinal);
        Assert.Contains("guest.elf segment 0", error.Message, StringComparison.Ordinal);
    }
}
