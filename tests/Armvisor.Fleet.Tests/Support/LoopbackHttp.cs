using System.Net;
using System.Net.Sockets;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>HttpClients whose connections leave from a given loopback address (an instance's address).</summary>
public static class LoopbackHttp
{
    public static HttpClient From(IPAddress source, Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    public static HttpClient From(string source, Uri baseAddress) => From(IPAddress.Parse(source), baseAddress);
}
