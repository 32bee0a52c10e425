using System.Net;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Providers;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// A whole fleet in a temp directory: master image of the test assembly, SQLite store, metadata service on
/// loopback, the process provider (each instance a real process tree) and the daemon.
/// </summary>
public sealed class TestFleet : IAsyncDisposable
{
    private TestFleet(TempDirectory dir, ConfigurationSeal seal, MasterImage image, IHostStateStore store, MetadataService metadata, LocalProcessProvider provider, CloudDaemon daemon)
    {
        Dir = dir;
        Seal = seal;
        Image = image;
        Store = store;
        Metadata = metadata;
        Provider = provider;
        Daemon = daemon;
    }

    public TempDirectory Dir { get; }

    public ConfigurationSeal Seal { get; }

    public MasterImage Image { get; }

    public IHostStateStore Store { get; }

    public MetadataService Metadata { get; }

    public LocalProcessProvider Provider { get; }

    public CloudDaemon Daemon { get; }

    public static async Task<TestFleet> StartAsync(int subnet, DaemonOptions? options = null)
    {
        var dir = new TempDirectory();
        var seal = ConfigurationSeal.CreateSigningKey();
        var image = TestImage.Build(dir.Path, seal);
        var store = SqliteHostStateStore.Open(dir.Sub("fleet.db"));
        var registry = new MetadataRegistry();
        var metadata = new MetadataService(new MetadataServiceOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0) }, registry, null);
        await metadata.StartAsync();
        var provider = new LocalProcessProvider(image, new LocalProviderOptions { Subnet = subnet, MetadataUrl = metadata.BaseAddress, InstancesRoot = dir.Sub("instances"), Fleet = "test" + subnet });
        var daemon = new CloudDaemon(store, provider, registry, seal, new HostTemplate(), image.Id, options ?? new DaemonOptions { ProvisionTimeout = TimeSpan.FromMinutes(3) });
        metadata.Events = daemon;
        return new TestFleet(dir, seal, image, store, metadata, provider, daemon);
    }

    public async Task<IReadOnlyList<HostRecord>> ProvisionAsync(int hosts, TimeSpan? timeout = null)
    {
        await Daemon.RegisterAsync(hosts);
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var result = await Daemon.RunAsync(cts.Token);
        await WaitHaltedAsync(result.Where(h => h.InstanceId is not null).Select(h => h.InstanceId!));
        return result;
    }

    /// <summary>Waits until the instances' machines have halted (their boot loops ended).</summary>
    public async Task WaitHaltedAsync(IEnumerable<string> instanceIds, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        foreach (var id in instanceIds)
        {
            while (await Provider.DescribeAsync(id) != InstancePower.Halted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Metadata.DisposeAsync();
        await Store.DisposeAsync();
        Seal.Dispose();
        Dir.Dispose();
    }
}
