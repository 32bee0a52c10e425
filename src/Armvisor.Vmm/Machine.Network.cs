using Armvisor.Devices.Virtio.Net;
using Armvisor.Vmm.Network;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>The virtio-net devices of <c>--netdev</c>, each with its back end.</summary>
public sealed partial class Machine
{
    private VirtioNet CreateNetworkDevice(NetworkConfiguration network, int index)
    {
        ILogger logger = _loggerFactory.CreateLogger("Armvisor.Network");
        INetworkBackend backend = network.Kind switch
        {
            NetworkBackendKind.Tap => new TapBackend(network.TapName!, logger),
            _ => new PasstBackend(network, logger),
        };
        var device = new VirtioNet(backend, network.Mac ?? NetworkConfiguration.DefaultMac(index), _loggerFactory.CreateLogger("Armvisor.Devices.VirtioNet"));
        _deviceResources.Add(device);
        return device;
    }
}
