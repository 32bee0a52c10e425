using Armvisor.Arm64;
using Armvisor.Devices.Tests.Fakes;
using Armvisor.Memory;

namespace Armvisor.Devices.Tests;

public class MmioBusTests
{
    [Fact]
    public void Map_OverlappingRange_ThrowsAddressRangeOverlapException()
    {
        var bus = new MmioBus();
        bus.Map(new GuestPhysicalAddress(0x0900_0000), new FakeMmioDevice(0x1000));

        var exception = Assert.Throws<AddressRangeOverlapException>(() => bus.Map(new GuestPhysicalAddress(0x0900_0800), new FakeMmioDevice(0x1000)));

        Assert.Equal(new GuestPhysicalAddress(0x0900_0000), exception.Existing.Start);
    }

    [Fact]
    public void Map_AdjacentRanges_AreAccepted()
    {
        var bus = new MmioBus();
        bus.Map(new GuestPhysicalAddress(0x0900_1000), new FakeMmioDevice(0x1000));
        bus.Map(new GuestPhysicalAddress(0x0900_0000), new FakeMmioDevice(0x1000));

        Assert.Equal([new GuestPhysicalAddress(0x0900_0000), new GuestPhysicalAddress(0x0900_1000)], bus.Ranges.Select(r => r.Start));
    }

    [Fact]
    public void TryRead_InsideDevice_HandsDeviceTheOffset()
    {
        var bus = new MmioBus();
        var first = new FakeMmioDevice(0x1000);
        var second = new FakeMmioDevice(0x1000);
        bus.Map(new GuestPhysicalAddress(0x0900_0000), first);
        bus.Map(new GuestPhysicalAddress(0x0901_0000), second);

        Assert.True(bus.TryRead(new GuestPhysicalAddress(0x0901_0018), AccessSize.Word, out ulong value));

        Assert.Equal(0x18UL, second.LastOffset);
        Assert.Equal(0xD0UL + 0x18, value);
        Assert.Equal(ulong.MaxValue, first.LastOffset);
    }

    [Fact]
    public void TryWrite_InsideDevice_HandsDeviceOffsetAndValue()
    {
        var bus = new MmioBus();
        var device = new FakeMmioDevice(0x200);
        bus.Map(new GuestPhysicalAddress(0x0A00_0200), device);

        Assert.True(bus.TryWrite(new GuestPhysicalAddress(0x0A00_0270), AccessSize.Word, 0xF));

        Assert.Equal(0x70UL, device.LastOffset);
        Assert.Equal(0xFUL, device.LastValue);
    }

    [Fact]
    public void TryRead_UnmappedAddress_ReturnsFalse()
    {
        var bus = new MmioBus();
        bus.Map(new GuestPhysicalAddress(0x0900_0000), new FakeMmioDevice(0x1000));

        Assert.False(bus.TryRead(new GuestPhysicalAddress(0x0900_1000), AccessSize.Byte, out _));
    }

    [Fact]
    public void TryRead_AccessRunningPastDeviceEnd_ReturnsFalse()
    {
        var bus = new MmioBus();
        bus.Map(new GuestPhysicalAddress(0x0900_0000), new FakeMmioDevice(0x1000));

        Assert.False(bus.TryRead(new GuestPhysicalAddress(0x0900_0FFC), AccessSize.Doubleword, out _));
    }
}
