using Armvisor.Memory;

namespace Armvisor.Devices.Tests;

/// <summary>The GuestRam adapter the virtio devices use for DMA (IGuestMemory lives in Armvisor.Memory).</summary>
public class GuestRamMemoryTests
{
    [Fact]
    public void WriteThenRead_InsideRam_RoundTrips()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 0x1000);
        IGuestMemory memory = new GuestRamMemory(ram);

        memory.Write(new GuestPhysicalAddress(0x4000_0010), [1, 2, 3]);
        var read = new byte[3];
        memory.Read(new GuestPhysicalAddress(0x4000_0010), read);

        Assert.Equal([1, 2, 3], read);
    }

    [Fact]
    public void Read_OutsideRam_ThrowsGuestMemoryException()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 0x1000);
        IGuestMemory memory = new GuestRamMemory(ram);

        Assert.Throws<GuestMemoryException>(() => memory.Read(new GuestPhysicalAddress(0x4000_0FFE), new byte[4]));
    }
}
