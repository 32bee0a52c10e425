using Armvisor.Memory;

namespace Armvisor.Devices.Tests;

/// <summary>GuestRam's allocation: zeroed, and not resident before the guest touches it.</summary>
public class GuestRamTests
{
    [Fact]
    public void Constructor_LargeRam_IsZeroed()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 64UL << 20);

        Assert.Equal(0UL, ram.Read<ulong>(new GuestPhysicalAddress(0x4000_0000)));
        Assert.Equal(0UL, ram.Read<ulong>(new GuestPhysicalAddress(0x4000_0000 + (64UL << 20) - 8)));
        Assert.Equal(0UL, ram.Read<ulong>(new GuestPhysicalAddress(0x4000_0000 + (32UL << 20))));
    }

    [Fact]
    public void Constructor_LargeRam_DoesNotMakeItResident()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // VmRSS is Linux's /proc/self/status
        }

        long before = ResidentKiB();
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 512UL << 20);
        long after = ResidentKiB();

        // The old allocator cleared the block, which made all 512 MiB resident at once.
        Assert.True(after - before < 64 * 1024, $"RSS grew by {after - before} KiB for untouched guest RAM");
    }

    private static long ResidentKiB()
    {
        string line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
