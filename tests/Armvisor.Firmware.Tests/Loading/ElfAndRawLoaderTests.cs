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
    public void Load_Elf32Arm_CopiesSegmentZeroFillsBssAndReturnsPhysicalEntry()
    {
        _ram.GetSpan(new GuestPhysicalAddress(RamBase + 0x9_0000), 0x40).Fill(0xEE);
        byte[] elf = Elf32(physicalAddress: (uint)RamBase + 0x9_0000, virtualAddress: 0xC000_0000, entry: 0xC000_0004,
            payload: [1, 2, 3, 4, 5, 6, 7, 8], memorySize: 0x40);

        Assert.True(ElfLoader.IsArm32Executable(elf));
        var plan = ElfLoader.Load(_ram, new BootLayout(_ram.Range), elf, "guest32.elf");

        Assert.Equal(RamBase + 0x9_0004, plan.EntryPoint.Value);
        Assert.Equal(0x0807_0605u, _ram.Read<uint>(new GuestPhysicalAddress(RamBase + 0x9_0004)));
        Assert.Equal(0UL, _ram.Read<ulong>(new GuestPhysicalAddress(RamBase + 0x9_0008)));
    }

    [Fact]
    public void IsArm32Executable_Elf64Aarch64_False()
    {
        Assert.False(ElfLoader.IsArm32Executable(TestImages.Elf(RamBase, RamBase, RamBase, new byte[16], 16)));
    }

    /// <summary>A little-endian ELF32 EM_ARM executable with one PT_LOAD segment (IHI0044; ELF-32 header layout).</summary>
    private static byte[] Elf32(uint physicalAddress, uint virtualAddress, uint entry, byte[] payload, uint memorySize)
    {
        const int header = 52, programHeader = 32;
        var file = new byte[header + programHeader + payload.Length];
        Span<byte> s = file;
        "\u007FELF"u8.CopyTo(s);
        s[4] = 1; // ELFCLASS32
        s[5] = 1; // ELFDATA2LSB
        s[6] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[16..], 2); // ET_EXEC
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[18..], ElfLoader.MachineArm);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s[20..], 1);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s[24..], entry);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(s[28..], header);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[40..], header);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[42..], programHeader);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(s[44..], 1);
        Span<byte> ph = s.Slice(header, programHeader);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph, 1); // PT_LOAD
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], header + programHeader);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph[8..], virtualAddress);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph[12..], physicalAddress);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph[16..], (uint)payload.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(ph[20..], memorySize);
        payload.CopyTo(s[(header + programHeader)..]);
        return file;
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
