using Armvisor.Vmm.LinuxKit;
using Armvisor.Vmm.Network;

namespace Armvisor.Vmm.Tests.Network;

public class NetworkConfigurationTests
{
    [Fact]
    public void Parse_UserWithForwardsLoopbackAndMac_ReadsEveryPart()
    {
        NetworkConfiguration network = NetworkConfiguration.Parse("user,hostfwd=tcp::8080-:80,hostfwd=udp:127.0.0.1:5353-10.0.2.15:53,hostloopback=on,mac=02:00:00:aa:bb:cc");

        Assert.Equal(NetworkBackendKind.User, network.Kind);
        Assert.True(network.HostLoopback);
        Assert.Equal([0x02, 0x00, 0x00, 0xAA, 0xBB, 0xCC], network.Mac);
        Assert.Equal(2, network.HostForwards.Count);
        Assert.Equal("8080:80", network.HostForwards[0].PasstSpecification);
        Assert.True(network.HostForwards[1].Udp);
        Assert.Equal("127.0.0.1/5353:53", network.HostForwards[1].PasstSpecification);
        Assert.Equal(network.ToOption(), NetworkConfiguration.Parse(network.ToOption()).ToOption());
    }

    [Theory]
    [InlineData("user")]
    [InlineData("user,hostfwd=tcp::8080-:80,hostfwd=udp:127.0.0.1:5353-10.0.2.15:53,hostloopback=on,mac=02:00:00:aa:bb:cc")]
    [InlineData("tap,ifname=tap0")]
    public void SnapshotConfiguration_Network_RoundTripsToTheSameDevice(string text)
    {
        NetworkConfiguration network = NetworkConfiguration.Parse(text);
        var configuration = new MachineConfiguration { Networks = [network] };

        byte[] json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(configuration, Armvisor.Vmm.Snapshots.SnapshotJsonContext.Default.MachineConfiguration);
        NetworkConfiguration restored = Assert.Single(System.Text.Json.JsonSerializer.Deserialize(json, Armvisor.Vmm.Snapshots.SnapshotJsonContext.Default.MachineConfiguration)!.Networks);

        Assert.Equal(network.ToOption(), restored.ToOption());
        Assert.Equal(network.Mac, restored.Mac);
    }

    [Theory]
    [InlineData("slirp")]
    [InlineData("user,hostfwd=tcp::99999-:80")]
    [InlineData("user,hostfwd=tcp::80-10.0.2.99:80")]
    [InlineData("user,hostfwd=sctp::80-:80")]
    [InlineData("user,ifname=tap0")]
    [InlineData("tap")]
    [InlineData("tap,ifname=a-name-much-too-long")]
    [InlineData("user,mac=01:00:00:00:00:01")]
    [InlineData("user,mac=zz:00:00:00:00:01")]
    public void Parse_BadText_ThrowsConfigurationError(string text)
    {
        Assert.Throws<MachineConfigurationException>(() => NetworkConfiguration.Parse(text));
    }

    [Fact]
    public void PasstStartInfo_Default_RestrictsHostLoopbackAndForwardsOnlyWhatIsAsked()
    {
        var network = NetworkConfiguration.Parse("user,hostfwd=tcp::2222-:22");

        IList<string> arguments = PasstBackend.StartInfo(network, "/run/x/passt.socket").ArgumentList;

        Assert.Contains("--no-map-gw", arguments);
        Assert.Contains("--one-off", arguments);
        Assert.Equal("2222:22", arguments[arguments.IndexOf("--tcp-ports") + 1]);
        Assert.Equal("none", arguments[arguments.IndexOf("--udp-ports") + 1]);
        Assert.Equal("10.0.2.15", arguments[arguments.IndexOf("--address") + 1]);
        Assert.DoesNotContain("--no-map-gw", PasstBackend.StartInfo(network with { HostLoopback = true }, "/s").ArgumentList);
    }

    [Fact]
    public void QemuArguments_UserNetwork_SameNicOnQemusVirtBoard()
    {
        var configuration = new MachineConfiguration { KernelPath = "Image", Networks = [NetworkConfiguration.Parse("user,hostfwd=tcp::8080-:80")] };

        IReadOnlyList<string> arguments = QemuCommandLine.Arguments(configuration);

        Assert.Contains("user,id=net0,net=10.0.2.0/24,hostfwd=tcp::8080-:80", arguments);
        Assert.Contains("virtio-net-device,netdev=net0,mac=52:54:00:12:34:56", arguments);
    }
}
