namespace Armvisor.Core.WfeChannel;

/// <summary>
/// Pausing and saving the watchdogs. A watchdog measures guest time: while the VM is paused it must not run down
/// (QEMU's watchdog devices count on the virtual clock, which stops with the VM), so <see cref="Suspend"/> stops every
/// host timer and keeps the time left, and <see cref="Resume"/> re-arms them for exactly that. A snapshot saves the
/// time left, so a restored guest that stops petting is still reset after the same guest time.
/// </summary>
public sealed partial class WatchdogService
{
    private bool _suspended;
    private readonly Dictionary<int, TimeSpan> _remainingWhileSuspended = [];

    /// <summary>The armed watchdogs.</summary>
    public IReadOnlyList<WatchdogState> Armed
    {
        get
        {
            lock (_lock)
            {
                DateTimeOffset now = _time.GetUtcNow();
                return _watchdogs.Values
                    .Select(w => new WatchdogState(w.VcpuIndex, w.Timeout, w.Action, RemainingLocked(w, now)))
                    .OrderBy(w => w.VcpuIndex ?? -1)
                    .ToArray();
            }
        }
    }

    /// <summary>Stops every watchdog's clock (idempotent).</summary>
    public void Suspend()
    {
        lock (_lock)
        {
            if (_suspended)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            foreach ((int key, Watchdog watchdog) in _watchdogs)
            {
                _remainingWhileSuspended[key] = RemainingLocked(watchdog, now);
                watchdog.Timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            _suspended = true;
        }
    }

    /// <summary>Runs every watchdog on from the time it had left (idempotent).</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (!_suspended)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            foreach ((int key, Watchdog watchdog) in _watchdogs)
            {
                TimeSpan remaining = _remainingWhileSuspended.GetValueOrDefault(key, watchdog.Timeout);
                watchdog.Due = now + remaining;
                watchdog.Timer.Change(remaining, Timeout.InfiniteTimeSpan);
            }

            _remainingWhileSuspended.Clear();
            _suspended = false;
        }
    }

    public void SaveState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        lock (_lock)
        {
            DateTimeOffset now = _time.GetUtcNow();
            writer.Write(_watchdogs.Count);
            foreach ((int key, Watchdog watchdog) in _watchdogs)
            {
                writer.Write(key);
                writer.Write(watchdog.Timeout.Ticks);
                writer.Write((ulong)watchdog.Action);
                writer.Write(RemainingLocked(watchdog, now).Ticks);
            }
        }
    }

    /// <summary>Replaces the watchdogs with the saved ones, suspended (the VM is restored paused).</summary>
    public void RestoreState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        lock (_lock)
        {
            foreach (Watchdog old in _watchdogs.Values)
            {
                old.Timer.Dispose();
            }

            _watchdogs.Clear();
            _remainingWhileSuspended.Clear();
            int count = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                int key = reader.ReadInt32();
                var timeout = TimeSpan.FromTicks(reader.ReadInt64());
                var action = (WatchdogAction)reader.ReadUInt64();
                var remaining = TimeSpan.FromTicks(reader.ReadInt64());
                var watchdog = new Watchdog(key == VmScope ? null : key, timeout, action);
                watchdog.Timer = _time.CreateTimer(static state => Callback(state!),
                    (this, watchdog), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _watchdogs[key] = watchdog;
                _remainingWhileSuspended[key] = remaining;
            }

            _suspended = true;
        }
    }

    private TimeSpan RemainingLocked(Watchdog watchdog, DateTimeOffset now)
    {
        if (_suspended && _remainingWhileSuspended.TryGetValue(watchdog.VcpuIndex ?? VmScope, out TimeSpan left))
        {
            return left;
        }

        TimeSpan remaining = watchdog.Due - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
