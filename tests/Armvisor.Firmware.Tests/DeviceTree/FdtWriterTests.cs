using System.Buffers.Binary;
using Armvisor.Firmware.DeviceTree;

namespace Armvisor.Firmware.Tests.DeviceTree;

public class FdtWriterTests
{
    [Fact]
    public void Finish_MinimalTree_WritesV17Header()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyU32("#address-cells", 2);
        }

        var blob = fdt.Finish(bootCpuId: 3);

        Assert.Equal(0xD00DFEEDu, BinaryPrimitives.ReadUInt32BigEndian(blob));
        Assert.Equal((uint)blob.Length, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(4)));
        Assert.Equal(17u, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(20)));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(24)));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(28)));
    }

    [Fact]
    public void Finish_RepeatedPropertyNames_StoresEachNameOnce()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            using (fdt.BeginNode("a"))
            {
                fdt.PropertyString("compatible", "x");
            }

            using (fdt.BeginNode("b"))
            {
                fdt.PropertyString("compatible", "y");
            }
        }

        var blob = fdt.Finish();

        var stringsSize = BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(32));
        Assert.Equal((uint)"compatible\0".Length, stringsSize);
    }

    [Fact]
    public void PropertyU64_Value_WritesTwoBigEndianCells()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyU64("v", 0x0123_4567_89AB_CDEF);
        }

        var tree = FdtReader.Parse(fdt.Finish());

        Assert.Equal(new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF }, tree.Root.FindProperty("v")!.Value);
    }

    [Fact]
    public void AddMemoryReservation_Entry_RoundTripsThroughReader()
    {
        var fdt = new FdtWriter();
        fdt.AddMemoryReservation(0x4800_0000, 0x1000);
        using (fdt.BeginNode(""))
        {
        }

        var tree = FdtReader.Parse(fdt.Finish());

        Assert.Equal([(0x4800_0000UL, 0x1000UL)], tree.Reservations);
    }

    [Fact]
    public void Property_AfterChildNode_Throws()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            using (fdt.BeginNode("child"))
            {
            }

            Assert.Throws<InvalidOperationException>(() => fdt.PropertyU32("late", 1));
        }
    }

    [Fact]
    public void Property_Duplicate_Throws()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyU32("x", 1);
            Assert.Throws<InvalidOperationException>(() => fdt.PropertyU32("x", 2));
        }
    }

    [Fact]
    public void BeginNode_InvalidName_Throws()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            Assert.Throws<ArgumentException>(() => fdt.BeginNode("bad name"));
        }
    }

    [Fact]
    public void Finish_WithOpenNode_Throws()
    {
        var fdt = new FdtWriter();
        _ = fdt.BeginNode("");

        Assert.Throws<InvalidOperationException>(() => fdt.Finish());
    }
}
