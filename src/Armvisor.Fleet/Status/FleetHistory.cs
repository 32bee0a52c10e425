using Armvisor.Fleet.Output;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Status;

/// <summary>
/// The fleet's state counts over time, for the status page: a sample whenever the counts change, and at least every
/// <see cref="Interval"/> while they do not (so a flat line still advances). Bounded; the oldest samples go first. In
/// memory only (observability, not state: the store stays the one source of truth, and a restarted daemon starts a
/// new history).
/// </summary>
public sealed class FleetHistory
{
    private readonly Lock _lock = new();
    private readonly LinkedList<CountsSample> _samples = new();
    private readonly TimeProvider _time;

    public FleetHistory(TimeProvider? time = null, int capacity = 2000)
    {
        _time = time ?? TimeProvider.System;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Records the counts of <paramref name="hosts"/> now, if they differ from the last sample or it is old.</summary>
    public void Record(IReadOnlyList<HostRecord> hosts)
    {
        var counts = HostDocument.Counts(hosts);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_samples.Last?.Value is { } last && Same(last.Counts, counts) && now - last.At < Interval)
            {
                return;
            }

            _samples.AddLast(new CountsSample { At = now, Counts = counts });
            if (_samples.Count > Capacity)
            {
                _samples.RemoveFirst();
            }
        }
    }

    public FleetHistoryDocument Snapshot()
    {
        lock (_lock)
        {
            return new FleetHistoryDocument { Samples = _samples.ToList() };
        }
    }

    private static bool Same(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out int n) && n == p.Value);
}
