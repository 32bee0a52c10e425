using Armvisor.Firmware.Acpi.Aml;

namespace Armvisor.Firmware.Tests.Acpi;

public class AmlEncoderTests
{
    [Theory]
    [InlineData(0, new byte[] { 0x01 })]
    [InlineData(62, new byte[] { 0x3F })]
    [InlineData(63, new byte[] { 0x41, 0x04 })]
    [InlineData(4093, new byte[] { 0x4F, 0xFF })]
    [InlineData(4094, new byte[] { 0x81, 0x00, 0x01 })]
    public void WithPackageLength_BodySize_EncodesLengthIncludingItself(int bodyLength, byte[] expectedPrefix)
    {
        var encoded = AmlEncoder.WithPackageLength(new byte[bodyLength]);

        Assert.Equal(expectedPrefix, encoded[..expectedPrefix.Length]);
        Assert.Equal(bodyLength + expectedPrefix.Length, encoded.Length);
    }

    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(1UL, new byte[] { 0x01 })]
    [InlineData(0x21UL, new byte[] { 0x0A, 0x21 })]
    [InlineData(0x1234UL, new byte[] { 0x0B, 0x34, 0x12 })]
    [InlineData(0x0900_0000UL, new byte[] { 0x0C, 0x00, 0x00, 0x00, 0x09 })]
    public void Integer_Value_UsesShortestEncoding(ulong value, byte[] expected)
    {
        Assert.Equal(expected, AmlEncoder.Integer(value));
    }

    [Fact]
    public void NameString_RootedPath_PadsSegment()
    {
        Assert.Equal("\\_SB_"u8.ToArray(), AmlEncoder.NameString("\\_SB"));
    }

    [Fact]
    public void NameString_LowercaseSegment_Throws()
    {
        Assert.Throws<ArgumentException>(() => AmlEncoder.NameString("com0"));
    }

    [Fact]
    public void Template_Descriptors_EndsWithEndTag()
    {
        var buffer = AmlResource.Template(AmlResource.Memory32Fixed(true, 0x0900_0000, 0x1000));

        Assert.Equal(new byte[] { 0x11, 0x11, 0x0A, 0x0E, 0x86, 0x09, 0x00, 0x01 }, buffer[..8]);
        Assert.Equal(new byte[] { 0x79, 0x00 }, buffer[^2..]);
    }
}
