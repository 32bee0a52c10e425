using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Json;
using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.Providers;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Daemon;

/// <summary>
/// The cloud daemon (patents.md §7(a)): for each host, generate its configuration from the template, store it on the
/// metadata service before first boot, start the instance through the provider, and follow the agent's phase
/// reports to Provisioned or Failed. It holds no state of its own: everything is in the store, every step is a
/// compare-and-swap with an idempotency key, so after kill -9 a new daemon resumes each host at its step.
/// </summary>
public sealed partial class CloudDaemon : IHostEventSink
{
    private readonly IHostStateStore _store;
    private readonly IInstanceProvider _provider;
    private readonly MetadataRegistry _registry;
    private readonly ConfigurationSeal _seal;
    private readonly HostTemplate _template;
    private readonly DaemonOptions _options;
    private readonly string _imageId;
    private readonly ConcurrentDictionary<string, string> _hostByInstance = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _published = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    public CloudDaemon(IHostStateStore store, IInstanceProvider provider, MetadataRegistry registry, ConfigurationSeal seal, HostTemplate template, string imageId, DaemonOptions? options = null)
    {
        _store = store;
        _provider = provider;
        _registry = registry;
        _seal = seal;
        _template = template;
        _imageId = imageId;
        _options = options ?? new DaemonOptions();
    }

    /// <summary>Raised after each reconcile pass with the current records (for live progress).</summary>
    public event Action<IReadOnlyList<HostRecord>>? Progress;

    /// <summary>Registers hosts host-0001 … host-N (idempotent: existing hosts are kept as they are).</summary>
    public async Task RegisterAsync(int count, CancellationToken cancellationToken = default)
    {
        for (int index = 1; index <= count; index++)
        {
            await _store.CreateAsync(new HostRecord { HostId = HostId(index), Index = index, EnteredAt = DateTimeOffset.UtcNow }, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string HostId(int index) => $"host-{index:D4}";

    /// <summary>
    /// Republishes the metadata of every host that has an instance, before the metadata service starts listening: the
    /// service's store is in memory, and after a daemon restart an instance must never find itself unknown (403).
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        foreach (var host in await _store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (host.InstanceId is string instanceId && host.State != HostState.Registered)
            {
                _hostByInstance[instanceId] = host.HostId;
                await PublishAsync(host, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reconciles until every host has settled (or forever without <see cref="DaemonOptions.ExitWhenSettled"/>).</summary>
    public async Task<IReadOnlyList<HostRecord>> RunAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var hosts = await ReconcileOnceAsync(cancellationToken).ConfigureAwait(false);
            Progress?.Invoke(hosts);
            if (_options.ExitWhenSettled && hosts.Count > 0 && hosts.All(h => h.IsTerminal && (h.State != HostState.Provisioned || h.SecretsRevoked)))
            {
                return hosts;
            }

            await _wake.WaitAsync(_options.Tick, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass over every host: advance each by at most one daemon step.</summary>
    public async Task<IReadOnlyList<HostRecord>> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var hosts = await _store.ListAsync(cancellationToken).ConfigureAwait(false);
        int inFlight = hosts.Count(h => h.IsInFlight);
        var now = DateTimeOffset.UtcNow;
        foreach (var host in hosts.OrderBy(h => h.Index))
        {
            if (host.InstanceId is string instanceId)
            {
                _hostByInstance[instanceId] = host.HostId;
            }

            if (host.NotBefore > now)
            {
                continue;
            }

            switch (host.State)
            {
                case HostState.Registered when inFlight < _options.MaxInFlight:
                    if (await StoreConfigurationAsync(host, cancellationToken).ConfigureAwait(false))
                    {
                        inFlight++;
                    }

                    break;
                case HostState.ConfigStored:
                    await PublishAsync(host, cancellationToken).ConfigureAwait(false);
                    await LaunchAsync(host, cancellationToken).ConfigureAwait(false);
                    break;
                case HostState.FirstBooting or HostState.ConfigFetched or HostState.ConfigInstalled or HostState.SecondBooting:
                    await PublishAsync(host, cancellationToken).ConfigureAwait(false);
                    await WatchAsync(host, now, cancellationToken).ConfigureAwait(false);
                    break;
                case HostState.Provisioned when !host.SecretsRevoked:
                    await RevokeSecretsAsync(host, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }

        return await _store.ListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registered → ConfigStored: allocate the instance, generate and seal its configuration, store it.</summary>
    private async Task<bool> StoreConfigurationAsync(HostRecord host, CancellationToken cancellationToken)
    {
        InstanceAllocation allocation;
        try
        {
            allocation = await _provider.AllocateAsync(host.HostId, host.Index, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            await StepFailedAsync(host, HostPhases.Allocate, e.Message, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var configuration = _template.Generate(host.HostId, host.Index, allocation.InstanceId);
        var sealedConfiguration = _seal.Seal(configuration);
        var outcome = await _store.TransitionAsync(new HostTransition(host.HostId, host.Version, $"{host.HostId}/config-stored", r => r with
        {
            State = HostState.ConfigStored,
            InstanceId = allocation.InstanceId,
            Address = allocation.Address.ToString(),
            SealedConfiguration = FleetJson.Serialize(sealedConfiguration),
            ConfigSha256 = sealedConfiguration.Sha256,
            Attempts = 0,
            EnteredAt = DateTimeOffset.UtcNow,
        }), cancellationToken).ConfigureAwait(false);
        if (outcome.Record?.InstanceId is string id)
        {
            _hostByInstance[id] = host.HostId;
        }

        return outcome.Status == TransitionStatus.Applied;
    }

    /// <summary>
    /// Puts the host's metadata on the service: identity leaves, and (until provisioned) the sealed configuration as
    /// a secret path. Idempotent, and redone after a daemon restart, since the service's store is in memory.
    /// </summary>
    private async Task PublishAsync(HostRecord host, CancellationToken cancellationToken)
    {
        if (host.InstanceId is not string instanceId || host.Address is null || (_published.TryGetValue(instanceId, out long version) && version == host.Version && _registry.Get(instanceId) is not null))
        {
            return;
        }

        if (_options.BeforePublish is not null)
        {
            await _options.BeforePublish(host.HostId, cancellationToken).ConfigureAwait(false);
        }

        var configuration = host.SealedConfiguration is string s ? FleetJson.Deserialize<SealedConfiguration>(s) : null;
        var hostConfiguration = configuration is null ? null : FleetJson.Deserialize<HostConfiguration>(Convert.FromBase64String(configuration.Body));
        bool withSecrets = host.State != HostState.Provisioned && !host.SecretsRevoked;
        var armvisor = new JsonObject { ["host-id"] = host.HostId };
        if (withSecrets && host.SealedConfiguration is not null)
        {
            armvisor["host-state"] = host.SealedConfiguration;
        }

        var document = new JsonObject
        {
            ["address"] = host.Address,
            ["httpTokens"] = "required",
            ["hopLimit"] = 1,
            ["metaData"] = new JsonObject
            {
                ["ami-id"] = "ami-" + _imageId[..17],
                ["instance-id"] = instanceId,
                ["instance-type"] = "armvisor.local",
                ["local-hostname"] = hostConfiguration?.Hostname,
                ["hostname"] = hostConfiguration is null ? null : $"{hostConfiguration.Hostname}.{hostConfiguration.Domain}",
                ["local-ipv4"] = hostConfiguration?.ManagementAddress.Split('/')[0],
                ["placement"] = new JsonObject { ["availability-zone"] = "local-1a" },
                ["armvisor"] = armvisor,
            },
            ["userData"] = $"#cloud-config\nhostname: {hostConfiguration?.Hostname}\n",
            ["vendorData"] = string.Empty,
            ["secretPaths"] = withSecrets ? new JsonArray("armvisor/host-state") : new JsonArray(),
        };
        if (_registry.Put(instanceId, document) is string reason)
        {
            throw new FleetException($"metadata for {instanceId} refused: {reason}");
        }

        _published[instanceId] = host.Version;
    }

    /// <summary>ConfigStored → FirstBooting: the instance is started only after its metadata is stored.</summary>
    private async Task LaunchAsync(HostRecord host, CancellationToken cancellationToken)
    {
        try
        {
            await _provider.StartAsync(host.InstanceId!, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException e)
        {
            await StepFailedAsync(host, HostPhases.Start, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _store.TransitionAsync(new HostTransition(host.HostId, host.Version, $"{host.HostId}/first-booting",
            r => r with { State = HostState.FirstBooting, Attempts = 0 }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>In-flight hosts fail on timeout, or when the instance halted without reporting (it died mid-phase).</summary>
    private async Task WatchAsync(HostRecord host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now - host.EnteredAt > _options.ProvisionTimeout)
        {
            await FailAsync(host, HostPhases.Timeout, $"no progress past {host.State} within {_options.ProvisionTimeout.TotalSeconds:0} s", cancellationToken).ConfigureAwait(false);
            return;
        }

        var power = await _provider.DescribeAsync(host.InstanceId!, cancellationToken).ConfigureAwait(false);
        if (power is InstancePower.Halted or InstancePower.Terminated)
        {
            // Give a report in flight one more pass to land before declaring the instance lost.
            await Task.Delay(_options.Tick, cancellationToken).ConfigureAwait(false);
            var again = await _store.GetAsync(host.HostId, cancellationToken).ConfigureAwait(false);
            if (again is not null && again.Version == host.Version)
            {
                await FailAsync(again, host.State.ToString(), $"instance {power.ToString().ToLowerInvariant()} during {host.State} without reporting", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RevokeSecretsAsync(HostRecord host, CancellationToken cancellationToken)
    {
        if (host.InstanceId is string instanceId)
        {
            _registry.RevokeSecrets(instanceId);
        }

        await _store.TransitionAsync(new HostTransition(host.HostId, host.Version, $"{host.HostId}/secrets-revoked",
            r => r with { SecretsRevoked = true }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A daemon step failed: retry with backoff, or fail the host after <see cref="DaemonOptions.MaxAttempts"/>.</summary>
    private async Task StepFailedAsync(HostRecord host, string phase, string reason, CancellationToken cancellationToken)
    {
        int attempts = host.Attempts + 1;
        if (attempts >= _options.MaxAttempts)
        {
            await FailAsync(host, phase, $"{reason} (after {attempts} attempts)", cancellationToken).ConfigureAwait(false);
            return;
        }

        var delay = _options.StepBackoff.Delay(attempts - 1);
        await _store.TransitionAsync(new HostTransition(host.HostId, host.Version, $"{host.HostId}/retry/{phase}/{attempts}",
            r => r with { Attempts = attempts, NotBefore = DateTimeOffset.UtcNow + delay, Reason = reason }), cancellationToken).ConfigureAwait(false);
    }

    private Task<TransitionOutcome> FailAsync(HostRecord host, string phase, string reason, CancellationToken cancellationToken) =>
        _store.TransitionAsync(new HostTransition(host.HostId, host.Version, $"{host.HostId}/failed",
            r => r with { State = HostState.Failed, FailedPhase = phase, Reason = reason }), cancellationToken);
}
