using System.Buffers.Binary;
using System.Text;
using Armvisor.Arm64;
using Armvisor.Devices.FwCfg;
using Armvisor.Devices.Tests.Fakes;

namespace Armvisor.Devices.Tests.FwCfg;

public sealed class FwCfgDeviceTests
{
    private const ulong Descriptor = FakeGuestMemory.Base + 0x100;
    private const ulong Buffer = FakeGuestMemory.Base + 0x1000;
    private readonly FakeGuestMemory _memory = new(0x10000);
    private readonly FwCfgDevice _device;

    public FwCfgDeviceTests() => _device = new FwCfgDevice(_memory);

    /// <summary>The guest's 16-bit store to the big-endian selector register.</summary>
    private void Select(ushort key) => _device.Write(0x08, AccessSize.Halfword, BinaryPrimitives.ReverseEndianness(key));

    [Fact]
    public void DataRegister_SignatureSelected_ReadsQemuInByteOrder()
    {
        Select(FwCfgItem.Signature);
        ulong value = _device.Read(0x00, AccessSize.Word);
        Assert.Equal("QEMU"u8.ToArray(), BitConverter.GetBytes((uint)value));
        Assert.Equal(0UL, _device.Read(0x00, AccessSize.Byte));   // past the end
    }

    [Fact]
    public void DataRegister_Id_AdvertisesTraditionalAndDma()
    {
        Select(FwCfgItem.Id);
        Assert.Equal(3UL, _device.Read(0x00, AccessSize.Word));
    }

    [Fact]
    public void DmaAddressRegister_Read_IsQemuCfgSignatureInMemoryOrder()
    {
        ulong value = _device.Read(0x10, AccessSize.Doubleword);
        Assert.Equal("QEMU CFG", Encoding.ASCII.GetString(BitConverter.GetBytes(value)));
    }

    [Fact]
    public void FileDirectory_TwoFiles_BigEndianEntriesSortedByName()
    {
        ushort zKey = _device.AddFile("z/last", [1, 2, 3]);
        ushort aKey = _device.AddFile("etc/first", [9]);
        Select(FwCfgItem.FileDirectory);
        var directory = new byte[4 + 2 * 64];
        for (int i = 0; i < directory.Length; i++)
        {
            directory[i] = (byte)_device.Read(0x00, AccessSize.Byte);
        }

        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(directory));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(directory.AsSpan(4)));
        Assert.Equal(aKey, BinaryPrimitives.ReadUInt16BigEndian(directory.AsSpan(8)));
        Assert.Equal("etc/first", Encoding.ASCII.GetString(directory, 12, 9));
        Assert.Equal(zKey, BinaryPrimitives.ReadUInt16BigEndian(directory.AsSpan(68 + 4)));
        Assert.Equal(FwCfgItem.FileFirst, zKey);
    }

    private void WriteDescriptor(FwCfgDmaControl control, ushort key, uint length, ulong address)
    {
        Span<byte> d = _memory.Bytes.AsSpan((int)(Descriptor - FakeGuestMemory.Base), 16);
        BinaryPrimitives.WriteUInt32BigEndian(d, (uint)control | ((uint)key << 16));
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], length);
        BinaryPrimitives.WriteUInt64BigEndian(d[8..], address);
    }

    private uint ControlAfterDma(bool splitWrite)
    {
        if (splitWrite)
        {
            _device.Write(0x10, AccessSize.Word, BinaryPrimitives.ReverseEndianness((uint)(Descriptor >> 32)));
            _device.Write(0x14, AccessSize.Word, BinaryPrimitives.ReverseEndianness((uint)Descriptor));
        }
        else
        {
            _device.Write(0x10, AccessSize.Doubleword, BinaryPrimitives.ReverseEndianness(Descriptor));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_memory.Bytes.AsSpan((int)(Descriptor - FakeGuestMemory.Base)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dma_SelectSkipRead_CopiesFromOffsetZeroFillsPastEndAndClearsControl(bool splitWrite)
    {
        _device.AddItem(FwCfgItem.KernelData, [10, 11, 12, 13, 14]);
        _memory.Bytes.AsSpan(0x1000, 8).Fill(0xEE);
        WriteDescriptor(FwCfgDmaControl.Select | FwCfgDmaControl.Skip, FwCfgItem.KernelData, 2, 0);
        Assert.Equal(0u, ControlAfterDma(splitWrite));
        WriteDescriptor(FwCfgDmaControl.Read, 0, 6, Buffer);
        Assert.Equal(0u, ControlAfterDma(splitWrite));
        Assert.Equal(new byte[] { 12, 13, 14, 0, 0, 0, 0xEE, 0xEE }, _memory.Bytes.AsSpan(0x1000, 8).ToArray());
    }

    [Fact]
    public void Dma_ReadToAddressOutsideRam_SetsErrorBitWithoutThrowing()
    {
        WriteDescriptor(FwCfgDmaControl.Select | FwCfgDmaControl.Read, FwCfgItem.Signature, 4, 0x10);
        Assert.Equal((uint)FwCfgDmaControl.Error, ControlAfterDma(splitWrite: false));
    }

    [Fact]
    public void Dma_WriteToReadOnlyItem_SetsErrorBit()
    {
        WriteDescriptor(FwCfgDmaControl.Select | FwCfgDmaControl.Write, FwCfgItem.Signature, 4, Buffer);
        Assert.Equal((uint)FwCfgDmaControl.Error, ControlAfterDma(splitWrite: false));
        Select(FwCfgItem.Signature);
        Assert.Equal("QEMU"u8.ToArray(), BitConverter.GetBytes((uint)_device.Read(0, AccessSize.Word)));
    }

    [Fact]
    public void Dma_DescriptorOutsideRam_IsIgnoredWithoutThrowing()
    {
        _device.Write(0x10, AccessSize.Doubleword, BinaryPrimitives.ReverseEndianness(0x10UL));
        Assert.Equal(0UL, _device.Read(0x20, AccessSize.Word));
    }

    [Fact]
    public void DataRegister_UnknownKey_ReadsZeros()
    {
        Select(0x7FF);
        Assert.Equal(0UL, _device.Read(0x00, AccessSize.Doubleword));
    }

    [Fact]
    public void Select_AgainAfterReading_RestartsAtOffsetZero()
    {
        _device.AddItem(FwCfgItem.CpuCount, (ushort)0x0102);
        Select(FwCfgItem.CpuCount);
        Assert.Equal(0x02UL, _device.Read(0, AccessSize.Byte));
        Select(FwCfgItem.CpuCount);
        Assert.Equal(0x0102UL, _device.Read(0, AccessSize.Halfword));
    }
}
