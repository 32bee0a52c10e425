namespace Armvisor.Fleet.State;

/// <summary>
/// One host as the store holds it. <see cref="Version"/> is the compare-and-swap version: every transition names the
/// version it read and fails if another writer got there first.
/// </summary>
public sealed record HostRecord
{
    public required string HostId { get; init; }

    /// <summary>1-based position in the fleet; the template derives hostname and address from it.</summary>
    public required int Index { get; init; }

    public HostState State { get; init; } = HostState.Registered;

    public long Version { get; init; }

    public string? InstanceId { get; init; }

    /// <summary>The instance's address as the metadata service sees it (its source address).</summary>
    public string? Address { get; init; }

    /// <summary>The sealed configuration (JSON) stored before first boot; kept so a restarted daemon republishes it.</summary>
    public string? SealedConfiguration { get; init; }

    public string? ConfigSha256 { get; init; }

    /// <summary>The phase that failed, set with <see cref="HostState.Failed"/>.</summary>
    public string? FailedPhase { get; init; }

    public string? Reason { get; init; }

    /// <summary>Failed attempts of the daemon's current step; reset on every successful transition.</summary>
    public int Attempts { get; init; }

    /// <summary>The daemon does not retry the current step before this time (backoff).</summary>
    public DateTimeOffset NotBefore { get; init; }

    public DateTimeOffset EnteredAt { get; init; }

    public bool SecretsRevoked { get; init; }

    public bool IsTerminal => State is HostState.Provisioned or HostState.Failed;

    /// <summary>States in which the host counts against the concurrency cap.</summary>
    public bool IsInFlight => State is HostState.ConfigStored or HostState.FirstBooting or HostState.ConfigFetched
        or HostState.ConfigInstalled or HostState.SecondBooting;
}
