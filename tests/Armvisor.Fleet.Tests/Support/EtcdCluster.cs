using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// A real 3-member etcd cluster (Debian's etcd-server) on loopback ports with data under a temp directory, started
/// for the tests and stopped after them. Members can be stopped one by one to test failover.
/// </summary>
public sealed class EtcdCluster : IDisposable
{
    private readonly TempDirectory _data = new("armvisor-etcd");
    private readonly Process?[] _members = new Process?[3];
    private readonly int[] _clientPorts = new int[3];

    public EtcdCluster()
    {
        var peerPorts = new int[3];
        for (int i = 0; i < 3; i++)
        {
            _clientPorts[i] = FreePort();
            peerPorts[i] = FreePort();
        }

        string cluster = string.Join(',', Enumerable.Range(0, 3).Select(i => $"m{i}=http://127.0.0.1:{peerPorts[i]}"));
        for (int i = 0; i < 3; i++)
        {
            var start = new ProcessStartInfo("etcd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "--name", $"m{i}", "--data-dir", _data.Sub($"m{i}"),
                "--listen-client-urls", $"http://127.0.0.1:{_clientPorts[i]}", "--advertise-client-urls", $"http://127.0.0.1:{_clientPorts[i]}",
                "--listen-peer-urls", $"http://127.0.0.1:{peerPorts[i]}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPorts[i]}",
                "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "armvisor-test",
                "--heartbeat-interval", "50", "--election-timeout", "500", "--logger", "zap", "--log-level", "error",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _members[i] = process;
        }

        WaitHealthy();
    }

    /// <summary>All members' client URLs, comma-separated (the dotnet-etcd connection string).</summary>
    public string Endpoints => string.Join(',', _clientPorts.Select(p => $"http://127.0.0.1:{p}"));

    public void StopMember(int index)
    {
        var process = _members[index];
        if (process is not null)
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
            _members[index] = null;
        }
    }

    public void Dispose()
    {
        for (int i = 0; i < 3; i++)
        {
            StopMember(i);
        }

        _data.Dispose();
    }

    private void WaitHealthy()
    {
        using var client = new dotnet_etcd.EtcdClient(Endpoints);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                client.Put("/health", "ok");
                return;
            }
            catch (Grpc.Core.RpcException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
