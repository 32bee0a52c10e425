using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;
using Armvisor.Vmm.Network;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// Issue 19, <c>--netdev tap</c>: two Armvisor guests on TAP devices bridged in a network namespace this test makes
/// ping each other (both ends are Armvisor's virtio-net and TAP back end).
/// </summary>
[Collection(LinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class TapNetworkLinuxTests(GuestKitFixture kit)
{
    [RequiresNetworkNamespaceFact]
    public async Task TapNetwork_TwoGuestsOnABridge_PingEachOther()
    {
        using var namespaceForTest = new HostNetworkNamespace();
        namespaceForTest.Shell("ip link add br0 type bridge && ip tuntap add dev tap0 mode tap && ip tuntap add dev tap1 mode tap"
            + " && for t in tap0 tap1; do ip link set $t master br0 && ip link set $t up; done && ip link set br0 up");
        GuestBackend backend = GuestBackend.ArmvisorThrough(namespaceForTest.Exec);

        Task<GuestRun> first = Task.Run(() => backend.Boot(Configuration("tap0", 1, 2), TimeSpan.FromMinutes(10)));
        Task<GuestRun> second = Task.Run(() => backend.Boot(Configuration("tap1", 2, 1), TimeSpan.FromMinutes(10)));
        GuestRun[] runs = await Task.WhenAll(first, second);

        foreach (GuestRun run in runs)
        {
            GuestScriptResult net = run.Transcript.Script(GuestScripts.Network);
            Assert.True(net.Status == 0, run.ToString());
            Assert.Equal("ok", net.Value("static"));
            Assert.True(net.Value("ping") == "ok", run.ToString());
        }

        Assert.Equal("52:54:00:00:00:01", runs[0].Transcript.Script(GuestScripts.Network).Value("eth0-mac"));
    }

    private MachineConfiguration Configuration(string tap, int self, int peer)
    {
        var commandLine = new GuestCommandLine
        {
            Run = [GuestScripts.Network],
            Parameters = new Dictionary<string, string>
            {
                ["net_addr"] = $"10.9.0.{self}/24",
                ["net_ping"] = $"10.9.0.{peer}",
                // Stay up for the peer's pings: it may have booted a little later.
                ["net_linger"] = "20",
            },
        };
        return kit.Configuration(1, commandLine) with
        {
            Networks = [NetworkConfiguration.Parse($"tap,ifname={tap},mac=52:54:00:00:00:0{self}")],
        };
    }
}
