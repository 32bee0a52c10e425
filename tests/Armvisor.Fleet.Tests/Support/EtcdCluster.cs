using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// A real 3-member etcd cluster (Debian's etcd-server) on loopback ports with data under a temp directory, started
/// for the tests and stopped after them. Members can be stopped one by one to test failover.
/// </summary>
/// <remarks>
/// Start-up is made robust against a loaded host and port races: the six ports are chosen while all six listeners
/// are held (so no two coincide), readiness is probed with a plain TCP connect and a fresh client per attempt (a
/// shared gRPC channel backs off up to minutes after early refusals), and a cluster whose member exited (a port
/// taken by another process between choice and bind) is started again on new ports. A cluster that still does not
/// come up fails with every member's exit state and last stderr lines.
/// </remarks>
public sealed class EtcdCluster : IDisposable
{
    private const int Members = 3;
    private const int StartAttempts = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _data = new("armvisor-etcd");
    private readonly Process?[] _members = new Process?[Members];
    private readonly ConcurrentQueue<string>[] _stderr = Enumerable.Range(0, Members).Select(_ => new ConcurrentQueue<string>()).ToArray();
    private int[] _clientPorts = new int[Members];

    public EtcdCluster()
    {
        for (int attempt = 1; ; attempt++)
        {
            Start(attempt);
            string? failure = WaitHealthy();
            if (failure is null)
            {
                return;
            }

            string report = Report(failure);
            StopAll();
            if (attempt == StartAttempts)
            {
                _data.Dispose();
                throw new InvalidOperationException($"etcd cluster did not start after {attempt} attempts: {report}");
            }
        }
    }

    /// <summary>All members' client URLs, comma-separated (the dotnet-etcd connection string).</summary>
    public string Endpoints => string.Join(',', _clientPorts.Select(p => $"http://127.0.0.1:{p}"));

    public void StopMember(int index)
    {
        var process = _members[index];
        if (process is not null)
        {
            try
            {
                process.Kill();
                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
            _members[index] = null;
        }
    }

    public void Dispose()
    {
        StopAll();
        _data.Dispose();
    }

    private void StopAll()
    {
        for (int i = 0; i < Members; i++)
        {
            StopMember(i);
        }
    }

    private void Start(int attempt)
    {
        int[] ports = FreePorts(2 * Members);
        _clientPorts = ports[..Members];
        int[] peerPorts = ports[Members..];
        string cluster = string.Join(',', Enumerable.Range(0, Members).Select(i => $"m{i}=http://127.0.0.1:{peerPorts[i]}"));
        for (int i = 0; i < Members; i++)
        {
            var start = new ProcessStartInfo("etcd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "--name", $"m{i}", "--data-dir", _data.Sub($"a{attempt}-m{i}"),
                "--listen-client-urls", $"http://127.0.0.1:{_clientPorts[i]}", "--advertise-client-urls", $"http://127.0.0.1:{_clientPorts[i]}",
                "--listen-peer-urls", $"http://127.0.0.1:{peerPorts[i]}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPorts[i]}",
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", $"armvisor-test-{attempt}",
                "--heartbeat-interval", "50", "--election-timeout", "500", "--logger", "zap", "--log-level", "error",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            var lines = _stderr[i];
            lines.Clear();
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lines.Enqueue(e.Data);
                    while (lines.Count > 5 && lines.TryDequeue(out string? _))
                    {
                    }
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _members[i] = process;
        }
    }

    /// <summary>Null when a write through the cluster succeeded; otherwise why it did not.</summary>
    private string? WaitHealthy()
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        string last = "no attempt";
        while (DateTime.UtcNow < deadline)
        {
            if (_members.Any(m => m is null || m.HasExited))
            {
                return "a member exited";
            }

            if (_clientPorts.Any(Accepts))
            {
                try
                {
                    using var client = new dotnet_etcd.EtcdClient(Endpoints);
                    client.Put("/health", "ok", deadline: DateTime.UtcNow.AddSeconds(10));
                    return null;
                }
                catch (Grpc.Core.RpcException e)
                {
                    last = e.Status.ToString();
                }
            }
            else
            {
                last = "no client port accepts connections";
            }

            Thread.Sleep(200);
        }

        return $"not healthy within {ReadyTimeout.TotalSeconds:0} s ({last})";
    }

    private string Report(string failure)
    {
        var members = Enumerable.Range(0, Members).Select(i =>
        {
            var m = _members[i];
            string state = m is null ? "stopped" : m.HasExited ? $"exited {m.ExitCode}" : "running";
            return $"m{i} {state}: {string.Join(" | ", _stderr[i])}";
        });
        return failure + "; " + string.Join("; ", members);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Distinct free loopback ports: every listener stays open until all are chosen.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
