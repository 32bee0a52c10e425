using Armvisor.Core.Prda;
using Armvisor.Core.WfeChannel;

namespace Armvisor.Core.Tests;

/// <summary>PRDA_INFO and YIELD on the WFE channel (docs/wfe-channel.md), and their capability bits.</summary>
public class PrdaWfeCommandTests
{
    private static WfeRegisters Request(WfeCommand command) => new(WfeChannelAbi.RequestMagic, (ulong)command, 0, 0);

    [Fact]
    public void PrdaInfo_WithAlias_ReturnsIpaAndSize()
    {
        var agent = new WfeChannelAgent(WfeAgentKind.Hypervisor, new WfeChannelPolicy(), null, prda: new PrdaConfiguration(0x090C_0000));

        Assert.True(agent.TryHandle(0, 1, Request(WfeCommand.PrdaInfo), null, out WfeRegisters response));

        Assert.Equal((ulong)WfeStatus.Ok, response.X1);
        Assert.Equal(0x090C_0000UL, response.X2);
        Assert.Equal(4096UL, response.X3);
        Assert.True(agent.Capabilities.HasFlag(WfeCapabilities.PrivateDataArea));
    }

    [Fact]
    public void PrdaInfo_WithoutAlias_IsUnknownCommandAndNoCapability()
    {
        var agent = new WfeChannelAgent(WfeAgentKind.Hypervisor, new WfeChannelPolicy(), null);

        Assert.True(agent.TryHandle(0, 1, Request(WfeCommand.PrdaInfo), null, out WfeRegisters response));

        Assert.Equal((ulong)WfeStatus.UnknownCommand, response.X1);
        Assert.False(agent.Capabilities.HasFlag(WfeCapabilities.PrivateDataArea));
        Assert.False(agent.Capabilities.HasFlag(WfeCapabilities.Yield));
    }

    [Fact]
    public void Yield_FromVcpu_CallsBackWithItsIndex()
    {
        int yielded = -1;
        var agent = new WfeChannelAgent(WfeAgentKind.Hypervisor, new WfeChannelPolicy(), null, yield: i => yielded = i);

        Assert.True(agent.TryHandle(3, 1, Request(WfeCommand.Yield), null, out WfeRegisters response));

        Assert.Equal((ulong)WfeStatus.Ok, response.X1);
        Assert.Equal(3, yielded);
        Assert.True(agent.Capabilities.HasFlag(WfeCapabilities.Yield));
    }

    [Fact]
    public void Yield_AtEl0_IsOrdinaryWfe()
    {
        int yielded = -1;
        var agent = new WfeChannelAgent(WfeAgentKind.Hypervisor, new WfeChannelPolicy(), null, yield: i => yielded = i);

        Assert.False(agent.TryHandle(0, 0, Request(WfeCommand.Yield), null, out _));
        Assert.Equal(-1, yielded);
    }

    [Fact]
    public void PrivateDataArea_MarkDeferredThenClear_UpdatesGuestVisibleFields()
    {
        using var prda = new PrivateDataArea(0x090C_0000, 5, 0x8000_0005);

        prda.MarkDeferred();
        bool pending = prda.PreemptPending;
        prda.ClearPending();

        Assert.True(pending);
        Assert.False(prda.PreemptPending);
        Assert.Equal(1UL, prda.Deferrals);
        Assert.Equal(5UL, prda.Read64(PrdaLayout.CpuId));
        Assert.Equal(PrdaLayout.MagicValue, (uint)prda.Read64(PrdaLayout.Magic));
    }
}
