using System.Buffers.Binary;
using Armvisor.Firmware.DeviceTree;

namespace Armvisor.Firmware.Tests.DeviceTree;

public class FdtReaderTests
{
    private static byte[] SampleBlob()
    {
        var fdt = new FdtWriter();
        using (fdt.BeginNode(""))
        {
            fdt.PropertyString("compatible", "test");
            using (fdt.BeginNode("chosen"))
            {
                fdt.PropertyString("bootargs", "console=ttyAMA0");
            }
        }

        return fdt.Finish();
    }

    [Fact]
    public void Parse_WrittenTree_RoundTripsNodesAndProperties()
    {
        var tree = FdtReader.Parse(SampleBlob());

        Assert.Equal(["test"], tree.Root.FindProperty("compatible")!.AsStrings());
        Assert.Equal(["console=ttyAMA0"], tree.Root.FindPath("/chosen")!.FindProperty("bootargs")!.AsStrings());
    }

    [Fact]
    public void ToBlob_ParsedTree_ReproducesBytes()
    {
        var blob = SampleBlob();

        Assert.Equal(blob, FdtReader.Parse(blob).ToBlob());
    }

    [Fact]
    public void Parse_BadMagic_ThrowsMalformed()
    {
        var blob = SampleBlob();
        blob[0] = 0;

        var error = Assert.Throws<BootImageException>(() => FdtReader.Parse(blob));

        Assert.Equal(BootImageError.MalformedDeviceTree, error.Error);
        Assert.Contains("bad magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedBlob_ThrowsMalformed()
    {
        var blob = SampleBlob();

        var error = Assert.Throws<BootImageException>(() => FdtReader.Parse(blob.AsSpan(0, blob.Length - 8)));

        Assert.Contains("totalsize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StringOffsetOutOfRange_ThrowsMalformed()
    {
        var blob = SampleBlob();
        var structOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(8));
        // Root BEGIN_NODE (4) + empty name padded (4), then FDT_PROP, len, nameoff.
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset + 16), 0xFFFF);

        var error = Assert.Throws<BootImageException>(() => FdtReader.Parse(blob));

        Assert.Contains("name offset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownToken_ThrowsMalformed()
    {
        var blob = SampleBlob();
        var structOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(structOffset), 0x77);

        Assert.Throws<BootImageException>(() => FdtReader.Parse(blob));
    }

    [Fact]
    public void Parse_Garbage_MessageIsOneLine()
    {
        var error = Assert.Throws<BootImageException>(() => FdtReader.Parse(new byte[8]));

        Assert.DoesNotContain('\n', error.Message);
    }
}
