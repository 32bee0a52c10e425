using Armvisor.Fleet.Common;

namespace Armvisor.Fleet.Daemon;

public sealed record DaemonOptions
{
    /// <summary>Hosts provisioning at once (metal3's MAX_CONCURRENT_PROVISIONING_HOSTS default, provisioning.md §7.4).</summary>
    public int MaxInFlight { get; init; } = 20;

    /// <summary>Attempts of a daemon step (allocate, store, start) before the host fails.</summary>
    public int MaxAttempts { get; init; } = 5;

    public ExponentialBackoff StepBackoff { get; init; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    /// <summary>A host still in flight this long after it was stored fails with phase "timeout" (Ironic: 1800 s).</summary>
    public TimeSpan ProvisionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Stop <see cref="CloudDaemon.RunAsync"/> once every host is Provisioned or Failed.</summary>
    public bool ExitWhenSettled { get; init; } = true;

    /// <summary>Test hook: runs before a host's configuration is published to the metadata service.</summary>
    public Func<string, CancellationToken, Task>? BeforePublish { get; init; }
}
