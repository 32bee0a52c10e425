using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Faults;

/// <summary>
/// kill -9 of the daemon process at random points while 200 hosts provision (instances are real processes in their
/// own sessions, so they outlive the daemon and keep retrying their phase reports), then restarts until the fleet
/// settles. Every host must end Provisioned or Failed with a reason, none provisioned twice, none lost. The same with
/// etcd as the store and one of its three members stopped mid-run.
/// </summary>
public sealed class DaemonCrashTests(EtcdClusterFixture etcd) : IClassFixture<EtcdClusterFixture>
{
    private static readonly int Hosts = int.TryParse(Environment.GetEnvironmentVariable("ARMVISOR_FLEET_FAULT_HOSTS"), out int n) ? n : 200;

    [Fact]
    public async Task KillDaemon_RandomPoints200Hosts_EveryHostSettlesOnceSqlite()
    {
        using var dir = new TempDirectory("armvisor-fault-sqlite");
        await RunWithKillsAsync(dir, "sqlite:" + dir.Sub("fleet.db"), subnet: 71, seed: 7100, midRun: null);
    }

    [Fact]
    public async Task KillDaemon_RandomPoints200Hosts_EveryHostSettlesOnceEtcdOneMemberDown()
    {
        using var dir = new TempDirectory("armvisor-fault-etcd");
        await RunWithKillsAsync(dir, "etcd:" + etcd.Cluster.Endpoints, subnet: 72, seed: 7200, midRun: () => etcd.Cluster.StopMember(2));
    }

    private static async Task RunWithKillsAsync(TempDirectory dir, string store, int subnet, int seed, Action? midRun)
    {
        string data = dir.Sub("fleet");
        Directory.CreateDirectory(data);
        using (var seal = ConfigurationSeal.LoadOrCreate(FleetRuntime.SigningKeyPath(data)))
        {
            var image = TestImage.Build(dir.Path, seal);
            new FleetSettings
            {
                Fleet = "fault" + subnet,
                Store = store,
                ImageDirectory = image.Directory,
                Listen = $"127.0.0.1:{FreePort()}",
                Subnet = subnet,
                MaxInFlight = 20,
                ProvisionTimeoutSeconds = 600,
            }.Save(data);
        }

        var random = new Random(seed);
        int kills = 0;
        var clock = Stopwatch.StartNew();
        // Kill at random points during the first runs, then let one run to the end.
        for (int run = 0; ; run++)
        {
            // Every run is `fleet up` again: registration is idempotent, the rest resumes from the store.
            using var daemon = StartDaemon(data, ["fleet", "up", "--hosts", Hosts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data, "--no-ui"]);
            try
            {
                if (run < 5)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, 4000)));
                    if (!daemon.HasExited)
                    {
                        daemon.Kill(); // SIGKILL
                        await daemon.WaitForExitAsync();
                        kills++;
                        if (run == 1)
                        {
                            midRun?.Invoke();
                        }

                        continue;
                    }
                }

                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                await daemon.WaitForExitAsync(timeout.Token);
                Assert.True(daemon.ExitCode is 0 or 1, $"daemon exit {daemon.ExitCode}");
                break;
            }
            finally
            {
                if (!daemon.HasExited)
                {
                    daemon.Kill();
                }
            }
        }

        Assert.True(kills >= 3, $"only {kills} kills landed");
        await using var records = HostStateStores.Open(store);
        var hosts = await records.ListAsync();
        Assert.Equal(Hosts, hosts.Count);
        Assert.All(hosts, h => Assert.True(h.IsTerminal, $"{h.HostId} left in {h.State}"));
        Assert.All(hosts.Where(h => h.State == HostState.Failed), h => Assert.False(string.IsNullOrEmpty(h.Reason), $"{h.HostId} failed without a reason"));
        string instances = Path.Combine(data, "instances");
        Assert.Equal(Hosts, Directory.GetDirectories(instances).Length);
        foreach (var host in hosts)
        {
            var keys = await records.AppliedKeysAsync(host.HostId);
            Assert.Equal(keys.Count, keys.Distinct().Count());
            Assert.Single(keys, k => k.EndsWith("/config-stored", StringComparison.Ordinal));
            if (host.State == HostState.Provisioned)
            {
                Assert.Single(keys, k => k.EndsWith("/provisioned", StringComparison.Ordinal));
                var bootLog = Path.Combine(instances, host.InstanceId!, "disk", "boot.log");
                Assert.Equal(2, File.ReadAllLines(bootLog).Length);
            }
        }

        Assert.True(hosts.Count(h => h.State == HostState.Provisioned) >= Hosts * 9 / 10, FleetSummary(hosts));
        Console.WriteLine($"[fault {store.Split(':')[0]}] {Hosts} hosts, {kills} kills, {clock.Elapsed.TotalSeconds:0} s: {FleetSummary(hosts)}");
        await WaitMachinesHaltedAsync(instances);
    }

    private static string FleetSummary(IReadOnlyList<HostRecord> hosts) =>
        string.Join(", ", hosts.GroupBy(h => h.State).Select(g => $"{g.Key}={g.Count()}")) + "; "
        + string.Join("; ", hosts.Where(h => h.State == HostState.Failed).Take(3).Select(h => $"{h.HostId}: {h.FailedPhase}: {h.Reason}"));

    private static Process StartDaemon(string data, string[] args)
    {
        var start = new ProcessStartInfo(TestImage.AgentCommand[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Armvisor.Fleet.Tests.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(Path.Combine(data, "daemon.log"), append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine("ERR " + e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitMachinesHaltedAsync(string instances)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        foreach (var dir in Directory.GetDirectories(instances))
        {
            while (File.Exists(Path.Combine(dir, "launched")) && !File.Exists(Path.Combine(dir, "halted")) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
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
