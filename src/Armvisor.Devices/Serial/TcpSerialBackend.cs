using System.Net;
using System.Net.Sockets;

namespace Armvisor.Devices.Serial;

/// <summary>
/// A TCP listening socket on 127.0.0.1 (QEMU <c>-serial tcp::PORT,server,nowait</c>): one client at a time gets the
/// guest's output and types its input; while no client is connected, output is dropped. Only the loopback address is
/// bound, so the console is not reachable from the network.
/// </summary>
public sealed class TcpSerialBackend : ISerialBackend
{
    private readonly TcpListener _listener;
    private readonly Lock _clientLock = new();
    private readonly CancellationTokenSource _stop = new();
    private NetworkStream? _client;

    /// <summary>Binds 127.0.0.1:<paramref name="port"/> (0 picks a free port, see <see cref="Port"/>).</summary>
    /// <exception cref="SocketException">The port is in use (a host configuration error).</exception>
    public TcpSerialBackend(int port)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    /// <summary>The bound port.</summary>
    public int Port { get; }

    public void Write(byte value)
    {
        lock (_clientLock)
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                _client.WriteByte(value);
            }
            catch (IOException)
            {
                _client.Dispose();
                _client = null;
            }
        }
    }

    public void Start(Action<byte> receive)
    {
        var thread = new Thread(() => AcceptLoop(receive)) { IsBackground = true, Name = $"serial tcp:{Port}" };
        thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clientLock)
        {
            _client?.Dispose();
            _client = null;
        }

        _stop.Dispose();
    }

    private void AcceptLoop(Action<byte> receive)
    {
        var buffer = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = _listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            client.NoDelay = true;
            var stream = client.GetStream();
            lock (_clientLock)
            {
                _client = stream;
            }

            try
            {
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    foreach (byte value in buffer.AsSpan(0, read))
                    {
                        receive(value);
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The client went away; wait for the next one.
            }

            lock (_clientLock)
            {
                if (ReferenceEquals(_client, stream))
                {
                    _client = null;
                }
            }

            client.Dispose();
        }
    }
}
