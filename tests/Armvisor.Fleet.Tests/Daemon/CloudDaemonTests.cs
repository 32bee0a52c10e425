using Armvisor.Fleet.Common;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Daemon;

/// <summary>The daemon's own steps against a scripted provider: retries with backoff, failure with reason, the cap, events.</summary>
public sealed class CloudDaemonTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ConfigurationSeal _seal = ConfigurationSeal.CreateSigningKey();

    private CloudDaemon Daemon(IHostStateStore store, FlakyProvider provider, MetadataRegistry registry, int maxInFlight = 20, int maxAttempts = 5) =>
        new(store, provider, registry, _seal, new HostTemplate(), new string('a', 64), new DaemonOptions
        {
            MaxInFlight = maxInFlight,
            MaxAttempts = maxAttempts,
            StepBackoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40)),
            Tick = TimeSpan.FromMilliseconds(10),
            ExitWhenSettled = false,
        });

    private static async Task ReconcileAsync(CloudDaemon daemon, int passes)
    {
        for (int i = 0; i < passes; i++)
        {
            await daemon.ReconcileOnceAsync(CancellationToken.None);
            await Task.Delay(15);
        }
    }

    [Fact]
    public async Task Reconcile_StartFailsTwice_RetriesWithBackoffThenFirstBooting()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("a.db"));
        var provider = new FlakyProvider(startFailures: 2);
        var daemon = Daemon(store, provider, new MetadataRegistry());
        await daemon.RegisterAsync(1);
        await ReconcileAsync(daemon, 12);
        var host = (await store.GetAsync("host-0001"))!;
        Assert.Equal(HostState.FirstBooting, host.State);
        var keys = await store.AppliedKeysAsync("host-0001");
        Assert.Equal(["host-0001/config-stored", "host-0001/retry/start/1", "host-0001/retry/start/2", "host-0001/first-booting"], keys);
    }

    [Fact]
    public async Task Reconcile_StartAlwaysFails_FailsWithPhaseAndReason()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("b.db"));
        var daemon = Daemon(store, new FlakyProvider(startFailures: 100), new MetadataRegistry(), maxAttempts: 3);
        await daemon.RegisterAsync(1);
        await ReconcileAsync(daemon, 15);
        var host = (await store.GetAsync("host-0001"))!;
        Assert.Equal(HostState.Failed, host.State);
        Assert.Equal(HostPhases.Start, host.FailedPhase);
        Assert.Contains("capacity not available", host.Reason, StringComparison.Ordinal);
        Assert.Contains("after 3 attempts", host.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_MaxInFlight_CapsHostsBeingProvisioned()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("c.db"));
        var provider = new FlakyProvider(startFailures: 0);
        var daemon = Daemon(store, provider, new MetadataRegistry(), maxInFlight: 3);
        await daemon.RegisterAsync(10);
        await ReconcileAsync(daemon, 5);
        var hosts = await store.ListAsync();
        Assert.Equal(3, hosts.Count(h => h.IsInFlight));
        Assert.Equal(7, hosts.Count(h => h.State == HostState.Registered));
        Assert.Equal(3, provider.Started.Count);
    }

    [Fact]
    public async Task Reconcile_ConfigStored_PublishesSealedConfigurationBeforeStart()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("d.db"));
        var registry = new MetadataRegistry();
        var provider = new FlakyProvider(startFailures: 0) { Registry = registry };
        var daemon = Daemon(store, provider, registry);
        await daemon.RegisterAsync(1);
        await ReconcileAsync(daemon, 2);
        Assert.Equal([true], provider.MetadataPublishedAtStart);
        var host = (await store.GetAsync("host-0001"))!;
        var published = registry.Get(host.InstanceId!)!;
        Assert.True(MetadataTree.TryFind(published.MetaData, "armvisor/host-state", out var node));
        var sealedConfiguration = Json.FleetJson.Deserialize<SealedConfiguration>((string)node!);
        Assert.True(_seal.Verify(sealedConfiguration, host.InstanceId!).IsValid);
        Assert.Equal(host.ConfigSha256, sealedConfiguration.Sha256);
        Assert.Contains("armvisor/host-state", published.SecretPaths);
    }

    [Fact]
    public async Task OnEvent_LaterPhaseAfterLostReports_StepsThroughEveryStateOnce()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("e.db"));
        var daemon = Daemon(store, new FlakyProvider(startFailures: 0), new MetadataRegistry());
        await daemon.RegisterAsync(1);
        await ReconcileAsync(daemon, 3);
        var host = (await store.GetAsync("host-0001"))!;
        Assert.Equal(HostState.FirstBooting, host.State);

        var ack = await daemon.OnEventAsync(host.InstanceId!, new HostEvent(HostPhases.Provisioned, "boot-2"), CancellationToken.None);
        var replay = await daemon.OnEventAsync(host.InstanceId!, new HostEvent(HostPhases.Provisioned, "boot-2"), CancellationToken.None);

        Assert.Equal(EventAck.Accepted, ack);
        Assert.Equal(EventAck.Accepted, replay);
        Assert.Equal(HostState.Provisioned, (await store.GetAsync("host-0001"))!.State);
        var keys = await store.AppliedKeysAsync("host-0001");
        Assert.Equal(["config-fetched", "config-installed", "second-boot-started", "provisioned"], keys.Skip(2).Select(k => k["host-0001/".Length..]));
    }

    [Fact]
    public async Task OnEvent_FailedReport_RecordsPhaseAndReasonAndRejectsLaterPhases()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("f.db"));
        var daemon = Daemon(store, new FlakyProvider(startFailures: 0), new MetadataRegistry());
        await daemon.RegisterAsync(1);
        await ReconcileAsync(daemon, 3);
        string instance = (await store.GetAsync("host-0001"))!.InstanceId!;

        await daemon.OnEventAsync(instance, new HostEvent(HostPhases.Failed, "b1", "configuration sha256 mismatch", HostPhases.Verify), CancellationToken.None);

        var host = (await store.GetAsync("host-0001"))!;
        Assert.Equal((HostState.Failed, HostPhases.Verify, "configuration sha256 mismatch"), (host.State, host.FailedPhase, host.Reason));
        Assert.Equal(EventAck.Rejected, await daemon.OnEventAsync(instance, new HostEvent(HostPhases.ConfigFetched, "b1"), CancellationToken.None));
    }

    [Fact]
    public async Task OnEvent_UnknownInstance_NotYet()
    {
        await using var store = SqliteHostStateStore.Open(_dir.Sub("g.db"));
        var daemon = Daemon(store, new FlakyProvider(startFailures: 0), new MetadataRegistry());
        Assert.Equal(EventAck.NotYet, await daemon.OnEventAsync("i-unknown", new HostEvent(HostPhases.ConfigFetched, "b"), CancellationToken.None));
    }

    public void Dispose()
    {
        _seal.Dispose();
        _dir.Dispose();
    }
}
