namespace Armvisor.Core.WfeChannel;

/// <summary>
/// The low-overhead watchdogs of the WFE channel (patents.md §1(a) step 5): one per VM and optionally one per vCPU,
/// each a one-shot timer re-armed by every PET. Petting costs one trap and a timer re-arm — no device emulation.
/// Expiry runs <see cref="Expired"/> on a timer thread with the action the guest chose.
/// </summary>
public sealed partial class WatchdogService : IDisposable
{
    private const int VmScope = -1;

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, Watchdog> _watchdogs = [];

    public WatchdogService(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>Raised on the timer thread when a watchdog expires. Not raised again until it is configured or petted.</summary>
    public event Action<WatchdogExpiry>? Expired;

    /// <summary>Every expiry so far, in order.</summary>
    public IReadOnlyList<WatchdogExpiry> History
    {
        get
        {
            lock (_lock)
            {
                return _history.ToArray();
            }
        }
    }

    private readonly List<WatchdogExpiry> _history = [];

    /// <summary>Arms (or re-arms) the VM's watchdog, or vCPU <paramref name="vcpuIndex"/>'s when <paramref name="perVcpu"/>.</summary>
    public void Configure(int vcpuIndex, bool perVcpu, TimeSpan timeout, WatchdogAction action)
    {
        int key = perVcpu ? vcpuIndex : VmScope;
        lock (_lock)
        {
            if (_watchdogs.Remove(key, out Watchdog? old))
            {
                old.Timer.Dispose();
            }

            var watchdog = new Watchdog(key == VmScope ? null : key, timeout, action);
            watchdog.Timer = _time.CreateTimer(static state => Callback(state!),
                (this, watchdog), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _watchdogs[key] = watchdog;
            Arm(watchdog);
        }
    }

    /// <summary>Restarts the countdown of the vCPU's own watchdog, else the VM's. False if neither is configured.</summary>
    public bool Pet(int vcpuIndex)
    {
        lock (_lock)
        {
            if (!TryFind(vcpuIndex, out Watchdog? watchdog))
            {
                return false;
            }

            // Only the deadline moves: the armed host timer fires at the old one, sees the new Due and re-arms for the
            // rest (Fire). A PET is therefore a clock read and a store — no timer-queue operation on the fast path.
            watchdog.Due = _time.GetUtcNow() + watchdog.Timeout;
            return true;
        }
    }

    /// <summary>Stops the vCPU's own watchdog, else the VM's. False if neither is configured.</summary>
    public bool Disable(int vcpuIndex)
    {
        lock (_lock)
        {
            if (!TryFind(vcpuIndex, out Watchdog? watchdog))
            {
                return false;
            }

            watchdog.Timer.Dispose();
            _watchdogs.Remove(watchdog.VcpuIndex ?? VmScope);
            return true;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (Watchdog watchdog in _watchdogs.Values)
            {
                watchdog.Timer.Dispose();
            }

            _watchdogs.Clear();
        }
    }

    private bool TryFind(int vcpuIndex, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Watchdog? watchdog) =>
        _watchdogs.TryGetValue(vcpuIndex, out watchdog) || _watchdogs.TryGetValue(VmScope, out watchdog);

    private void Arm(Watchdog watchdog)
    {
        watchdog.Due = _time.GetUtcNow() + watchdog.Timeout;
        watchdog.Timer.Change(watchdog.Timeout, Timeout.InfiniteTimeSpan);
    }

    private static void Callback(object state)
    {
        var (service, watchdog) = ((WatchdogService, Watchdog))state;
        service.Fire(watchdog);
    }

    private void Fire(Watchdog watchdog)
    {
        WatchdogExpiry expiry;
        lock (_lock)
        {
            // A DISABLE or re-CONFIG that raced with the timer wins; a PET that raced moved Due forward: re-arm for the rest.
            if (_suspended || !_watchdogs.TryGetValue(watchdog.VcpuIndex ?? VmScope, out Watchdog? current) || current != watchdog)
            {
                return;
            }

            TimeSpan remaining = watchdog.Due - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                watchdog.Timer.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            expiry = new WatchdogExpiry(watchdog.VcpuIndex, watchdog.Action, watchdog.Timeout, watchdog.Due, _time.GetUtcNow());
            _history.Add(expiry);
        }

        Expired?.Invoke(expiry);
    }

    private sealed class Watchdog(int? vcpuIndex, TimeSpan timeout, WatchdogAction action)
    {
        public int? VcpuIndex { get; } = vcpuIndex;

        public TimeSpan Timeout { get; } = timeout;

        public WatchdogAction Action { get; } = action;

        public ITimer Timer { get; set; } = null!;

        public DateTimeOffset Due { get; set; }
    }
}
