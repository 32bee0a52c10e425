namespace Armvisor.Fleet.Common;

/// <summary>
/// Exponential backoff with a cap, the client rule of provisioning.md §7.1 (Ignition: 100 ms doubling, capped at
/// 5 s). Full jitter is optional: many instances retrying in lock-step against one metadata service is the
/// thundering herd the cap alone does not prevent.
/// </summary>
public sealed record ExponentialBackoff(TimeSpan Initial, TimeSpan Cap, bool Jitter = false)
{
    /// <summary>The client default of provisioning.md §7.1: 100 ms → 5 s.</summary>
    public static ExponentialBackoff Client { get; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));

    /// <summary>The delay before retry number <paramref name="attempt"/> (0 = first retry).</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        double ms = Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ms = Math.Min(ms, Cap.TotalMilliseconds);
        if (Jitter)
        {
            ms = ms / 2 + Random.Shared.NextDouble() * ms / 2;
        }

        return TimeSpan.FromMilliseconds(ms);
    }
}
