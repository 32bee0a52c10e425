using System.Buffers.Binary;
using Armvisor.Arm64;
using Armvisor.Devices.Virtio.Block;

namespace Armvisor.Devices.Tests.Virtio;

public sealed class VirtioBlockTests : IDisposable
{
    private const uint In = 0, Out = 1, Flush = 4, GetId = 8, Discard = 11;
    private const byte StatusOk = 0, StatusIoError = 1, StatusUnsupported = 2;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"armvisor-blk-{Guid.NewGuid():N}.img");

    public VirtioBlockTests()
    {
        var image = new byte[8 * 512];
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = (byte)(i / 512 + 1);   // sector n holds n + 1
        }

        File.WriteAllBytes(_path, image);
    }

    public void Dispose() => File.Delete(_path);

    private static byte[] Header(uint type, ulong sector)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, type);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), sector);
        return header;
    }

    private (VirtioTestDriver Driver, VirtioBlock Block) Start(bool readOnly = false)
    {
        var block = new VirtioBlock(_path, readOnly, serial: "armvisor-disk0");
        var driver = new VirtioTestDriver(block);
        driver.Initialise();
        return (driver, block);
    }

    [Fact]
    public void Config_Capacity_IsFileSizeInSectors()
    {
        var (driver, block) = Start();
        using var _ = block;

        Assert.Equal(8UL, driver.Transport.Read(0x100, AccessSize.Doubleword));
        Assert.Equal(512UL, driver.Transport.Read(0x100 + 20, AccessSize.Word));
    }

    [Fact]
    public void Features_ReadOnlyDisk_OffersRoAndFlush()
    {
        using var block = new VirtioBlock(_path, readOnly: true);
        var driver = new VirtioTestDriver(block);

        ulong features = driver.ReadFeatures();

        Assert.Equal(1UL << 5, features & (1UL << 5));
        Assert.Equal(1UL << 9, features & (1UL << 9));
    }

    [Fact]
    public void Read_TwoSectors_CopiesFileDataAndReportsOk()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(In, 2));
        ulong data = driver.Buffer([], 1024);
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (data, 1024, true), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusOk, driver.ByteAt(status));
        Assert.All(driver.BytesAt(data, 512), b => Assert.Equal(3, b));
        Assert.All(driver.BytesAt(data + 512, 512), b => Assert.Equal(4, b));
        Assert.Equal(1025u, driver.UsedElement(0).Length);
        Assert.True(driver.Interrupt.Level);
    }

    [Fact]
    public void Write_OneSector_ChangesFile()
    {
        var (driver, block) = Start();
        ulong header = driver.Buffer(Header(Out, 5));
        ulong data = driver.Buffer(Enumerable.Repeat((byte)0xEE, 512).ToArray());
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (data, 512, false), (status, 1, true));
        driver.Notify();
        block.Dispose();

        Assert.Equal(StatusOk, driver.ByteAt(status));
        Assert.All(File.ReadAllBytes(_path).AsSpan(5 * 512, 512).ToArray(), b => Assert.Equal(0xEE, b));
        Assert.Equal(1u, driver.UsedElement(0).Length);
    }

    [Fact]
    public void Write_ReadOnlyDisk_FailsWithIoErrorAndLeavesFile()
    {
        var (driver, block) = Start(readOnly: true);
        ulong header = driver.Buffer(Header(Out, 0));
        ulong data = driver.Buffer(new byte[512]);
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (data, 512, false), (status, 1, true));
        driver.Notify();
        block.Dispose();

        Assert.Equal(StatusIoError, driver.ByteAt(status));
        Assert.Equal(1, File.ReadAllBytes(_path)[0]);
    }

    [Fact]
    public void Flush_ReadWriteDisk_ReportsOk()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(Flush, 0));
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusOk, driver.ByteAt(status));
    }

    [Fact]
    public void GetId_WithSerial_WritesSerial()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(GetId, 0));
        ulong id = driver.Buffer([], 20);
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (id, 20, true), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusOk, driver.ByteAt(status));
        Assert.Equal("armvisor-disk0", System.Text.Encoding.ASCII.GetString(driver.BytesAt(id, 14)));
    }

    [Fact]
    public void Request_DiscardType_ReportsUnsupp()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(Discard, 0));
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusUnsupported, driver.ByteAt(status));
    }

    [Fact]
    public void Read_PastEndOfDisk_ReportsIoError()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(In, 7));
        ulong data = driver.Buffer([], 1024);
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((header, 16, false), (data, 1024, true), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusIoError, driver.ByteAt(status));
    }

    [Fact]
    public void Read_HeaderSplitAcrossDescriptors_IsReassembled()
    {
        var (driver, block) = Start();
        using var _ = block;
        byte[] header = Header(In, 1);
        ulong first = driver.Buffer(header.AsSpan(0, 8));
        ulong second = driver.Buffer(header.AsSpan(8));
        ulong data = driver.Buffer([], 512);
        ulong status = driver.Buffer([0xFF]);

        driver.Submit((first, 8, false), (second, 8, false), (data, 512, true), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusOk, driver.ByteAt(status));
        Assert.Equal(2, driver.ByteAt(data));
    }

    [Fact]
    public void Read_ThroughIndirectTable_Works()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(In, 0));
        ulong data = driver.Buffer([], 512);
        ulong status = driver.Buffer([0xFF]);

        driver.SubmitIndirect((header, 16, false), (data, 512, true), (status, 1, true));
        driver.Notify();

        Assert.Equal(StatusOk, driver.ByteAt(status));
        Assert.Equal(1, driver.ByteAt(data));
    }

    [Fact]
    public void Flush_StatusBufferWrappingAddressSpace_SetsNeedsResetWithoutThrowing()
    {
        var (driver, block) = Start();
        using var _ = block;
        ulong header = driver.Buffer(Header(Flush, 0));

        driver.Submit((header, 16, false), (ulong.MaxValue, 2, true));   // status byte at 2^64: the address wraps
        driver.Notify();

        Assert.Equal(64UL, driver.Read(0x70) & 64);
    }

    [Fact]
    public void Notify_TwoRequests_BothCompletedInOrder()
    {
        var (driver, block) = Start();
        using var _ = block;
        ushort first = driver.Submit((driver.Buffer(Header(Flush, 0)), 16, false), (driver.Buffer([0xFF]), 1, true));
        ushort second = driver.Submit((driver.Buffer(Header(Flush, 0)), 16, false), (driver.Buffer([0xFF]), 1, true));

        driver.Notify();

        Assert.Equal(2, driver.UsedIndex);
        Assert.Equal(first, driver.UsedElement(0).Id);
        Assert.Equal(second, driver.UsedElement(1).Id);
    }
}
