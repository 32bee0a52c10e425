namespace Armvisor.Fleet.Providers;

/// <summary>
/// The cloud back end the daemon drives: the contract a real cloud (EC2 and others) implements next
/// (docs/fleet.md "Provider interface"). Every call is idempotent, because the daemon replays its current step after a
/// crash: allocating the same host twice returns the same instance, starting a started instance does nothing.
/// Failures throw <see cref="Common.ProviderException"/>; the daemon retries them with backoff.
/// </summary>
public interface IInstanceProvider : IAsyncDisposable
{
    string Name { get; }

    /// <summary>
    /// Allocates the instance for <paramref name="hostId"/> without starting it (EC2: RunInstances stopped, or a
    /// reserved ENI + launch template), so its metadata can be stored before first boot.
    /// </summary>
    Task<InstanceAllocation> AllocateAsync(string hostId, int index, CancellationToken cancellationToken = default);

    /// <summary>First power-on of an allocated instance; a no-op if it was ever started (EC2: StartInstances).</summary>
    Task StartAsync(string instanceId, CancellationToken cancellationToken = default);

    Task<InstancePower> DescribeAsync(string instanceId, CancellationToken cancellationToken = default);

    Task TerminateAsync(string instanceId, CancellationToken cancellationToken = default);
}
