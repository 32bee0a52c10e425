namespace Armvisor.Vmm.Tests;

public sealed class SizeParserTests
{
    [Theory]
    [InlineData("256", 256UL << 20)]
    [InlineData("512M", 512UL << 20)]
    [InlineData("1G", 1UL << 30)]
    [InlineData("64K", 64UL << 10)]
    public void Parse_QemuStyleSizes_BareNumberIsMiB(string text, ulong expected)
    {
        Assert.Equal(expected, SizeParser.Parse(text, "--memory"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("12X")]
    public void Parse_BadSize_ThrowsConfigurationError(string text)
    {
        Assert.Throws<MachineConfigurationException>(() => SizeParser.Parse(text, "--memory"));
    }
}
