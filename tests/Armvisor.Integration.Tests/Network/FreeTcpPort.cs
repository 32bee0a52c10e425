using System.Net;
using System.Net.Sockets;

namespace Armvisor.Integration.Tests.Network;

/// <summary>An ephemeral loopback port for a host forward: the kernel picks a free one, which is released for passt or QEMU to bind.</summary>
internal static class FreeTcpPort
{
    public static int Pick()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
