using Armvisor.Devices.Serial;

namespace Armvisor.Devices.Tests.Serial;

public class SerialEscapeParserTests
{
    [Fact]
    public void Feed_OrdinaryByte_IsForwarded()
    {
        var parser = new SerialEscapeParser();

        Assert.Equal(SerialEscapeAction.Forward, parser.Feed((byte)'a', out byte forwarded));
        Assert.Equal((byte)'a', forwarded);
    }

    [Fact]
    public void Feed_CtrlC_IsForwardedToGuest()
    {
        var parser = new SerialEscapeParser();

        Assert.Equal(SerialEscapeAction.Forward, parser.Feed(0x03, out byte forwarded));
        Assert.Equal(0x03, forwarded);
    }

    [Fact]
    public void Feed_CtrlAThenX_Quits()
    {
        var parser = new SerialEscapeParser();

        Assert.Equal(SerialEscapeAction.Consumed, parser.Feed(0x01, out _));
        Assert.Equal(SerialEscapeAction.Quit, parser.Feed((byte)'x', out _));
    }

    [Fact]
    public void Feed_CtrlAThenCtrlA_ForwardsOneCtrlA()
    {
        var parser = new SerialEscapeParser();

        parser.Feed(0x01, out _);

        Assert.Equal(SerialEscapeAction.Forward, parser.Feed(0x01, out byte forwarded));
        Assert.Equal(0x01, forwarded);
        Assert.Equal(SerialEscapeAction.Forward, parser.Feed((byte)'x', out _));
    }

    [Fact]
    public void Feed_CtrlAThenOtherKey_IsSwallowedAndParserReturnsToNormal()
    {
        var parser = new SerialEscapeParser();
        parser.Feed(0x01, out _);

        Assert.Equal(SerialEscapeAction.Consumed, parser.Feed((byte)'q', out _));
        Assert.Equal(SerialEscapeAction.Forward, parser.Feed((byte)'x', out _));
    }

    [Fact]
    public void Feed_CtrlAThenH_AsksForHelp()
    {
        var parser = new SerialEscapeParser();
        parser.Feed(0x01, out _);

        Assert.Equal(SerialEscapeAction.Help, parser.Feed((byte)'h', out _));
    }

    [Fact]
    public void Feed_CtrlAThenN_AsksForNmi()
    {
        var parser = new SerialEscapeParser();
        parser.Feed(0x01, out _);

        Assert.Equal(SerialEscapeAction.Nmi, parser.Feed((byte)'n', out _));
        Assert.Equal(SerialEscapeAction.Forward, parser.Feed((byte)'n', out _));
    }
}
