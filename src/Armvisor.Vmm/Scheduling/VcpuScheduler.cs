using System.Collections.Concurrent;
using System.Diagnostics;
using Armvisor.Core;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm.Scheduling;

/// <summary>
/// Runs a VM's N vCPUs on M host threads (<c>--host-threads M</c>): a round-robin run queue, time slices, and deferred
/// preemption (patents.md §3, the lock-holder-preemption problem KVM's PV vcpu_is_preempted and Xen's PV spinlocks
/// address). A vCPU's state lives in <see cref="Vcpu"/> and its engine, not in a thread, so any host thread may run it,
/// one at a time. When a slice ends while the guest's private data area says non-preemptible
/// (<see cref="Core.Prda.PrivateDataArea.NonPreemptDepth"/> &gt; 0), the switch is deferred — preemptPending is set
/// and the guest yields through the WFE channel when it leaves the region — for at most the grace period; after it
/// the vCPU is preempted anyway, and that is logged and counted. Moving a vCPU to another host thread flushes exactly
/// its alias IPA from the engine's caches. A pause (QMP stop, snapshots: <see cref="VcpuPauseGate"/>) parks every host
/// thread between exits, so every vCPU — running or queued — is at an instruction boundary; time slices stand still.
/// </summary>
internal sealed class VcpuScheduler
{
    private readonly IReadOnlyList<Vcpu> _vcpus;
    private readonly VcpuExitHandler _exits;
    private readonly Action<GuestOutcome, string> _stop;
    private readonly VcpuSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly VcpuPauseGate _pauseGate;
    private readonly ConcurrentQueue<Vcpu> _queue = new();
    private readonly SemaphoreSlim _queued = new(0);
    private readonly Slot[] _slots;
    private readonly Thread[] _threads;
    private readonly Thread _ticker;
    private readonly int[] _lastThread;
    private readonly long _sliceTicks;
    private readonly long _graceTicks;
    private volatile bool _stopping;
    private long _slices, _preemptions, _deferrals, _yields, _forced, _threadMigrations;

    public VcpuScheduler(IReadOnlyList<Vcpu> vcpus, VcpuExitHandler exits, Action<GuestOutcome, string> stop, VcpuSchedulerOptions options, ILogger logger,
        VcpuPauseGate pauseGate)
    {
        _pauseGate = pauseGate;
        _vcpus = vcpus;
        _exits = exits;
        _stop = stop;
        _options = options;
        _logger = logger;
        _sliceTicks = Math.Max(1, (long)(options.TimeSlice.TotalSeconds * Stopwatch.Frequency));
        _graceTicks = (long)(options.Grace.TotalSeconds * Stopwatch.Frequency);
        _lastThread = Enumerable.Repeat(-1, vcpus.Count).ToArray();
        _slots = Enumerable.Range(0, options.HostThreads).Select(_ => new Slot()).ToArray();
        _threads = Enumerable.Range(0, options.HostThreads)
            .Select(i => new Thread(() => HostThreadMain(i)) { Name = $"host{i}", IsBackground = true }).ToArray();
        _ticker = new Thread(TickerMain) { Name = "vcpu-scheduler", IsBackground = true };
    }

    public VcpuSchedulerStatistics Statistics => new(Interlocked.Read(ref _slices), Interlocked.Read(ref _preemptions),
        Interlocked.Read(ref _deferrals), Interlocked.Read(ref _yields), Interlocked.Read(ref _forced), Interlocked.Read(ref _threadMigrations));

    public void Start()
    {
        foreach (Vcpu vcpu in _vcpus)
        {
            Enqueue(vcpu);
        }

        foreach (Thread thread in _threads)
        {
            _pauseGate.Enter(); // before the thread runs, so a pause right after Start waits for it
            thread.Start();
        }

        _ticker.Start();
    }

    public void RequestStop()
    {
        _stopping = true;
        foreach (Vcpu vcpu in _vcpus)
        {
            vcpu.RequestExit();
        }

        _queued.Release(_threads.Length);
    }

    public bool Join(TimeSpan timeout)
    {
        bool all = _threads.All(t => t.Join(timeout));
        return _ticker.Join(timeout) && all;
    }

    private void Enqueue(Vcpu vcpu)
    {
        _queue.Enqueue(vcpu);
        _queued.Release();
    }

    private void HostThreadMain(int me)
    {
        Slot slot = _slots[me];
        int offStreak = 0;
        try
        {
            while (!_stopping)
            {
                _pauseGate.Checkpoint(() => _stopping);
                if (!_queued.Wait(50) || !_queue.TryDequeue(out Vcpu? vcpu))
                {
                    continue;
                }

                if (vcpu.PowerState == VcpuPowerState.Off)
                {
                    // A powered-off vCPU waits for PSCI CPU_ON without holding a host thread.
                    Enqueue(vcpu);
                    if (++offStreak >= _vcpus.Count)
                    {
                        offStreak = 0;
                        Thread.Sleep(1);
                    }

                    continue;
                }

                offStreak = 0;
                if (!RunSlice(me, slot, vcpu))
                {
                    return;
                }
            }
        }
#pragma warning disable CA1031 // A host error on a host thread ends the machine with a clear outcome instead of killing the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "host thread {Thread}: host error", me);
            _stop(GuestOutcome.HostError, $"host thread {me}: {e.Message}");
        }
        finally
        {
            _pauseGate.Leave();
        }
    }

    /// <summary>Runs <paramref name="vcpu"/> on this host thread until its slice ends or it yields; false when the machine stops.</summary>
    private bool RunSlice(int me, Slot slot, Vcpu vcpu)
    {
        if (_lastThread[vcpu.Index] != me)
        {
            if (_lastThread[vcpu.Index] >= 0)
            {
                // Another "physical CPU": exactly the alias IPA is flushed (patents.md §3(b)).
                vcpu.OnHostThreadChanged();
                Interlocked.Increment(ref _threadMigrations);
            }

            _lastThread[vcpu.Index] = me;
        }

        lock (slot)
        {
            slot.Vcpu = vcpu;
            slot.SliceEnd = Stopwatch.GetTimestamp() + _sliceTicks;
            slot.DeferredAt = 0;
            slot.ExitRequested = false;
        }

        Interlocked.Increment(ref _slices);
        long yields = vcpu.Yields;
        bool running = true;
        try
        {
            while (running && !_stopping)
            {
                // Between exits, with no MMIO reply owed: where a host thread parks, holding its vCPU, while paused.
                _pauseGate.Checkpoint(() => _stopping);
                if (_stopping)
                {
                    break;
                }

                VmExit exit = vcpu.Run();
                if (!_exits.Handle(vcpu, exit))
                {
                    _stopping = true;
                    RequestStop();
                    return false;
                }

                running = exit is not InterruptedExit;
            }
        }
        finally
        {
            lock (slot)
            {
                slot.Vcpu = null;
            }

            Interlocked.Add(ref _yields, vcpu.Yields - yields);
            vcpu.PrivateData?.ClearPending();
            if (!_stopping)
            {
                Enqueue(vcpu);
            }
        }

        return true;
    }

    /// <summary>Ends slices: at once when the guest is preemptible, deferred (up to the grace period) when it is not.</summary>
    private void TickerMain()
    {
        while (!_stopping)
        {
            Thread.Sleep(1);
            long now = Stopwatch.GetTimestamp();
            if (_pauseGate.IsClosed)
            {
                // Paused: no slice ends and no grace runs out; each starts afresh when the machine resumes.
                foreach (Slot slot in _slots)
                {
                    lock (slot)
                    {
                        slot.SliceEnd = now + _sliceTicks;
                        slot.DeferredAt = slot.DeferredAt == 0 ? 0 : now;
                    }
                }

                continue;
            }

            bool waiting = _queue.Any(v => v.PowerState != VcpuPowerState.Off);
            foreach (Slot slot in _slots)
            {
                lock (slot)
                {
                    if (slot.Vcpu is { } vcpu && !slot.ExitRequested && now >= slot.SliceEnd)
                    {
                        Tick(slot, vcpu, now, waiting);
                    }
                }
            }
        }
    }

    private void Tick(Slot slot, Vcpu vcpu, long now, bool waiting)
    {
        if (!waiting)
        {
            slot.SliceEnd = now + _sliceTicks; // nobody needs the thread: the slice goes on
            return;
        }

        Core.Prda.PrivateDataArea? prda = vcpu.PrivateData;
        if (_options.Deferral && prda is not null && prda.NonPreemptDepth > 0)
        {
            if (slot.DeferredAt == 0)
            {
                slot.DeferredAt = now;
                prda.MarkDeferred();
                Interlocked.Increment(ref _deferrals);
                return;
            }

            if (now - slot.DeferredAt < _graceTicks)
            {
                return;
            }

            prda.MarkForced();
            long forced = Interlocked.Increment(ref _forced);
            if (forced <= 10)
            {
                _logger.LogWarning("vCPU {Index} stayed non-preemptible {Grace} ms past its time slice: preempted anyway (forced preemption {Count})",
                    vcpu.Index, _options.Grace.TotalMilliseconds, forced);
            }
        }
        else if (slot.DeferredAt == 0)
        {
            Interlocked.Increment(ref _preemptions);
        }

        slot.ExitRequested = true;
        vcpu.RequestExit();
    }

    /// <summary>What one host thread runs now; the ticker and the thread change it under its lock.</summary>
    private sealed class Slot
    {
        public Vcpu? Vcpu;
        public long SliceEnd;
        public long DeferredAt;
        public bool ExitRequested;
    }
}
