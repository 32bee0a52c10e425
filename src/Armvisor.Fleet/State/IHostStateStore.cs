namespace Armvisor.Fleet.State;

/// <summary>
/// Where host records live. Implementations: <see cref="SqliteHostStateStore"/> (embedded default) and
/// <see cref="EtcdHostStateStore"/> (several daemons). Every write is a compare-and-swap with an idempotency key.
/// Store failures throw <see cref="Common.FleetStoreException"/>.
/// </summary>
public interface IHostStateStore : IAsyncDisposable
{
    /// <summary>Creates the record if no record with its id exists; returns false (and changes nothing) otherwise.</summary>
    Task<bool> CreateAsync(HostRecord record, CancellationToken cancellationToken = default);

    Task<HostRecord?> GetAsync(string hostId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<HostRecord>> ListAsync(CancellationToken cancellationToken = default);

    Task<TransitionOutcome> TransitionAsync(HostTransition transition, CancellationToken cancellationToken = default);

    /// <summary>Every idempotency key applied so far for the host, in order (the audit trail of its transitions).</summary>
    Task<IReadOnlyList<string>> AppliedKeysAsync(string hostId, CancellationToken cancellationToken = default);
}
