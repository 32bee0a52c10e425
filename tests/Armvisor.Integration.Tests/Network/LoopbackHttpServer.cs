using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Armvisor.Integration.Tests.Network;

/// <summary>
/// A minimal HTTP/1.0 server on 127.0.0.1 at an ephemeral port that answers every GET with <see cref="Body"/> and
/// counts requests: what the guest fetches from the host's loopback.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _requests;

    public LoopbackHttpServer(string body)
    {
        Body = body;
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public string Body { get; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        NetworkStream stream = client.GetStream();
                        var request = new byte[4096];
                        int length = 0;
                        while (length < request.Length && !Encoding.ASCII.GetString(request, 0, length).Contains("\r\n\r\n", StringComparison.Ordinal))
                        {
                            int read = await stream.ReadAsync(request.AsMemory(length));
                            if (read == 0)
                            {
                                return;
                            }

                            length += read;
                        }

                        Interlocked.Increment(ref _requests);
                        byte[] body = Encoding.UTF8.GetBytes(Body);
                        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                        await stream.WriteAsync(head);
                        await stream.WriteAsync(body);
                    }
                    catch (IOException)
                    {
                        // The guest went away.
                    }
                }
            });
        }
    }
}
