using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// The GDB remote stub's TCP listener (<c>--gdb tcp:PORT</c>, QEMU's -gdb). One client at a time: a second connection
/// while one is served is closed at once. It outlives machine rebuilds on reset: <see cref="Attach"/> names the current
/// machine. Bind errors are configuration errors (one line, exit code 2).
/// </summary>
public sealed class GdbServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly ILogger _logger;
    private readonly Thread _acceptThread;
    private readonly Lock _lock = new();
    private readonly ManualResetEventSlim _attached = new(false);
    private MachineDebugController? _target;
    private volatile bool _disposed;
    private int _sessions;

    public GdbServer(GdbEndpoint endpoint, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _listener = new TcpListener(endpoint.Address, endpoint.Port);
        try
        {
            _listener.Start();
        }
        catch (SocketException e)
        {
            throw new MachineConfigurationException($"--gdb: cannot listen on {endpoint.Address}:{endpoint.Port}: {e.Message}");
        }

        LocalEndpoint = (IPEndPoint)_listener.LocalEndpoint;
        _acceptThread = new Thread(AcceptLoop) { Name = "gdb-accept", IsBackground = true };
        _acceptThread.Start();
    }

    /// <summary>The address and port actually bound (port 0 picks one).</summary>
    public IPEndPoint LocalEndpoint { get; }

    /// <summary>Makes <paramref name="target"/> the machine later connections debug; null between machines.</summary>
    public void Attach(MachineDebugController? target)
    {
        lock (_lock)
        {
            _target = target;
            if (target is null)
            {
                _attached.Reset();
            }
            else
            {
                _attached.Set();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Stop();
        _attached.Set();
    }

    private void AcceptLoop()
    {
        while (!_disposed)
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

            string peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
            if (Interlocked.CompareExchange(ref _sessions, 1, 0) != 0)
            {
                _logger.LogWarning("gdb: refusing a second connection from {Peer}", peer);
                client.Dispose();
                continue;
            }

            var thread = new Thread(() => Serve(client, peer)) { Name = "gdb-session", IsBackground = true };
            thread.Start();
        }
    }

    private void Serve(TcpClient client, string peer)
    {
        try
        {
            client.NoDelay = true;
            _attached.Wait();
            MachineDebugController? target;
            lock (_lock)
            {
                target = _target;
            }

            if (target is null || _disposed)
            {
                return;
            }

            _logger.LogInformation("gdb: connection from {Peer}", peer);
            new GdbSession(client.GetStream(), target, _logger, peer).Run();
        }
#pragma warning disable CA1031 // A failing debugger connection must never take the machine down.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogWarning("gdb: connection from {Peer} failed: {Message}", peer, e.Message);
        }
        finally
        {
            client.Dispose();
            Interlocked.Exchange(ref _sessions, 0);
        }
    }
}
