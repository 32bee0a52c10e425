namespace Armvisor.Fleet.Agent;

public sealed record AgentOptions
{
    /// <summary>Overrides the image default (<see cref="Images.ImageDefaults.FetchTimeoutSeconds"/>).</summary>
    public TimeSpan? FetchTimeout { get; init; }

    /// <summary>How long a phase report keeps retrying while the daemon is away (kill -9 and restart).</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Overrides the image's VM command (tests use a stand-in while the VMM is built in parallel).</summary>
    public IReadOnlyList<string>? VmCommand { get; init; }

    public Common.ExponentialBackoff Backoff { get; init; } = Common.ExponentialBackoff.Client;

    public TextWriter Console { get; init; } = TextWriter.Null;
}
