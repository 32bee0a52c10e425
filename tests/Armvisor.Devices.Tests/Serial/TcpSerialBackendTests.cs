using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Armvisor.Devices.Serial;

namespace Armvisor.Devices.Tests.Serial;

public class TcpSerialBackendTests
{
    [Fact]
    public void Client_TypedBytes_ReachGuestAndGuestOutputReachesClient()
    {
        var received = new BlockingCollection<byte>();
        using var backend = new TcpSerialBackend(0);
        backend.Start(received.Add);
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, backend.Port);
        var stream = client.GetStream();

        stream.Write("k"u8);
        Assert.True(received.TryTake(out byte typed, TimeSpan.FromSeconds(10)));
        backend.Write((byte)'z');
        var buffer = new byte[1];
        stream.ReadTimeout = 10_000;
        int read = stream.Read(buffer);

        Assert.Equal((byte)'k', typed);
        Assert.Equal(1, read);
        Assert.Equal((byte)'z', buffer[0]);
    }

    [Fact]
    public void Write_NoClient_IsDropped()
    {
        using var backend = new TcpSerialBackend(0);

        backend.Write((byte)'a');

        Assert.True(backend.Port > 0);
    }
}
