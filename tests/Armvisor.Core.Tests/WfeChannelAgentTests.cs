using Microsoft.Extensions.Time.Testing;
using Armvisor.Core.WfeChannel;
using Armvisor.Memory;

namespace Armvisor.Core.Tests;

public class WfeChannelAgentTests
{
    private static readonly WfeRegisters Detect = new(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.Detect, 0, 0);

    private static WfeChannelAgent Hypervisor(WfeChannelPolicy? policy = null, WatchdogService? watchdogs = null) =>
        new(WfeAgentKind.Hypervisor, policy ?? new WfeChannelPolicy(), watchdogs ?? new WatchdogService(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))));

    [Fact]
    public void TryHandle_DetectAtEl1_ConsumesAndIdentifiesHypervisor()
    {
        var agent = Hypervisor();

        bool consumed = agent.TryHandle(0, exceptionLevel: 1, Detect, null, out WfeRegisters response);

        Assert.True(consumed);
        Assert.Equal(WfeChannelAbi.ResponseMagic, response.X0);
        Assert.Equal((ulong)WfeStatus.Ok, response.X1);
        Assert.Equal(WfeChannelAbi.Identity(WfeChannelAbi.IdentityHypervisor), response.X2);
        Assert.True(((WfeCapabilities)response.X3).HasFlag(WfeCapabilities.Watchdog));
        Assert.Equal(1, agent.RequestsServed);
    }

    [Fact]
    public void TryHandle_SecureMonitorDetect_IdentifiesMonitorWithoutWatchdog()
    {
        var agent = new WfeChannelAgent(WfeAgentKind.SecureMonitor, new WfeChannelPolicy(), watchdogs: null);

        Assert.True(agent.TryHandle(0, 1, Detect, null, out WfeRegisters response));

        Assert.Equal(WfeChannelAbi.Identity(WfeChannelAbi.IdentitySecureMonitor), response.X2);
        Assert.False(((WfeCapabilities)response.X3).HasFlag(WfeCapabilities.Watchdog));
    }

    [Theory]
    [InlineData(0x4000_1000UL)]
    [InlineData(0UL)]
    [InlineData(WfeChannelAbi.ResponseMagic)]
    [InlineData(WfeChannelAbi.RequestMagic ^ 1)]
    public void TryHandle_OrdinaryRegisters_IsNotConsumedAndLeavesRegisters(ulong x0)
    {
        var request = new WfeRegisters(x0, 1, 2, 3);

        bool consumed = Hypervisor().TryHandle(0, 1, request, null, out WfeRegisters response);

        Assert.False(consumed);
        Assert.Equal(request, response);
    }

    [Fact]
    public void TryHandle_RandomRegisters_NeverAnswer()
    {
        var agent = Hypervisor();
        var random = new Random(1234);
        for (int i = 0; i < 100_000; i++)
        {
            var request = new WfeRegisters((ulong)random.NextInt64(), (ulong)random.NextInt64(), 0, 0);
            if (request.X0 is WfeChannelAbi.RequestMagic or WfeChannelAbi.MemoryRequestMagic)
            {
                continue;
            }

            Assert.False(agent.TryHandle(0, 1, request, null, out WfeRegisters response));
            Assert.NotEqual(WfeChannelAbi.ResponseMagic, response.X0);
        }
    }

    [Fact]
    public void TryHandle_DetectFromEl0ByDefault_IsOrdinaryWfe()
    {
        Assert.False(Hypervisor().TryHandle(0, exceptionLevel: 0, Detect, null, out _));
    }

    [Fact]
    public void TryHandle_DetectFromEl0WhenAllowed_IsAnswered()
    {
        Assert.True(Hypervisor(new WfeChannelPolicy(AllowEl0Detect: true)).TryHandle(0, 0, Detect, null, out _));
    }

    [Fact]
    public void TryHandle_WatchdogConfigFromEl0EvenWhenDetectAllowed_IsOrdinaryWfe()
    {
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.WatchdogConfig, 100, 0);

        Assert.False(Hypervisor(new WfeChannelPolicy(AllowEl0Detect: true)).TryHandle(0, 0, request, null, out _));
    }

    [Fact]
    public void TryHandle_WatchdogActionNotAllowed_Denied()
    {
        var policy = new WfeChannelPolicy(AllowedActions: new HashSet<WatchdogAction> { WatchdogAction.LogOnly });
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.WatchdogConfig, 100, (ulong)WatchdogAction.ResetVm);

        Hypervisor(policy).TryHandle(0, 1, request, null, out WfeRegisters response);

        Assert.Equal((ulong)WfeStatus.Denied, response.X1);
    }

    [Theory]
    [InlineData(1UL, 0UL)]          // below the minimum timeout
    [InlineData(100UL, 7UL)]        // unknown action
    [InlineData(100UL, 0x1000UL)]   // reserved bits
    public void TryHandle_WatchdogConfigMalformed_InvalidArgument(ulong timeoutMs, ulong actionWord)
    {
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.WatchdogConfig, timeoutMs, actionWord);

        Hypervisor().TryHandle(0, 1, request, null, out WfeRegisters response);

        Assert.Equal((ulong)WfeStatus.InvalidArgument, response.X1);
    }

    [Fact]
    public void TryHandle_PetWithoutConfig_NotConfigured()
    {
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.WatchdogPet, 0, 0);

        Hypervisor().TryHandle(0, 1, request, null, out WfeRegisters response);

        Assert.Equal((ulong)WfeStatus.NotConfigured, response.X1);
    }

    [Fact]
    public void TryHandle_UnknownCommand_AnsweredWithError()
    {
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, 99, 0, 0);

        Assert.True(Hypervisor().TryHandle(0, 1, request, null, out WfeRegisters response));
        Assert.Equal((ulong)WfeStatus.UnknownCommand, response.X1);
    }

    [Fact]
    public void TryHandle_QuerySecureMonitor_ReportsMonitorBelow()
    {
        var agent = new WfeChannelAgent(WfeAgentKind.Hypervisor, new WfeChannelPolicy(), null, () => WfeAgentKind.SecureMonitor);
        var request = new WfeRegisters(WfeChannelAbi.RequestMagic, (ulong)WfeCommand.QuerySecureMonitor, 0, 0);

        agent.TryHandle(0, 1, request, null, out WfeRegisters response);

        Assert.Equal(WfeChannelAbi.Identity(WfeChannelAbi.IdentitySecureMonitor), response.X2);
    }

    [Fact]
    public void TryHandle_MemoryBlockDetect_WritesResponseIntoBlock()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 0x10000);
        var block = new GuestPhysicalAddress(0x4000_1000);
        ram.Write(block, WfeChannelAbi.RequestMagic);
        ram.Write(block + 8, (ulong)WfeCommand.Detect);

        bool consumed = Hypervisor().TryHandle(0, 1, new WfeRegisters(WfeChannelAbi.MemoryRequestMagic, block.Value, 0, 0), ram, out _);

        Assert.True(consumed);
        Assert.Equal(WfeChannelAbi.ResponseMagic, ram.Read<ulong>(block + 32));
        Assert.Equal(WfeChannelAbi.Identity(WfeChannelAbi.IdentityHypervisor), ram.Read<ulong>(block + 48));
    }

    [Fact]
    public void TryHandle_MemoryBlockOutsideRam_IsOrdinaryWfe()
    {
        using var ram = new GuestRam(new GuestPhysicalAddress(0x4000_0000), 0x10000);

        Assert.False(Hypervisor().TryHandle(0, 1, new WfeRegisters(WfeChannelAbi.MemoryRequestMagic, 0x9000_0000, 0, 0), ram, out _));
    }
}
