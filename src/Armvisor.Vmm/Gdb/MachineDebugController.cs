using Armvisor.Core;
using Armvisor.Engine;

namespace Armvisor.Vmm.Gdb;

/// <summary>
/// All-stop control of a machine's vCPUs for the GDB stub (GDB manual "All-Stop Mode"): when one vCPU stops (breakpoint,
/// step) or the debugger interrupts, every vCPU is stopped before gdb is told; each vCPU thread parks itself between two
/// runs, on its own thread, so the engine's thread affinity holds. While all are parked the debugger reads and writes
/// registers and memory; <see cref="Resume"/> gives each vCPU its action (continue, step, stay). Breakpoints and
/// watchpoints are one set for the machine, applied by each vCPU thread before it runs.
/// </summary>
public sealed class MachineDebugController
{
    private readonly IReadOnlyList<Vcpu> _vcpus;
    private readonly object _lock = new();
    private readonly bool[] _parked;
    private readonly bool[] _finished;
    private readonly GdbResumeAction[] _actions;
    private readonly int[] _appliedBreakpointVersion;
    private HashSet<ulong> _breakpoints = [];
    private DebugWatchpoint[] _watchpoints = [];
    private int _breakpointVersion;
    private bool _haltRequested;
    private bool _shutdown;
    private GdbStopEvent? _stop;

    public MachineDebugController(IReadOnlyList<Vcpu> vcpus, bool startHalted)
    {
        ArgumentNullException.ThrowIfNull(vcpus);
        _vcpus = vcpus;
        _parked = new bool[vcpus.Count];
        _finished = new bool[vcpus.Count];
        _actions = new GdbResumeAction[vcpus.Count];
        _appliedBreakpointVersion = new int[vcpus.Count];
        _haltRequested = startHalted;
        if (startHalted)
        {
            _stop = new GdbStopEvent(0, 5);
        }
    }

    /// <summary>Raised (on a vCPU thread, outside the lock) when every vCPU has stopped after a stop or an interrupt.</summary>
    public event Action<GdbStopEvent>? Stopped;

    /// <summary>Raised when the machine ended (every vCPU thread finished).</summary>
    public event Action? Ended;

    public IReadOnlyList<Vcpu> Vcpus => _vcpus;

    /// <summary>gdb's kill (k, vKill): ends the machine (set by the machine).</summary>
    public Action? Kill { get; set; }

    /// <summary>True while every vCPU is parked (the debugger may inspect the machine).</summary>
    public bool AllStopped
    {
        get
        {
            lock (_lock)
            {
                return AllParkedLocked();
            }
        }
    }

    /// <summary>The last stop, if the machine is stopped.</summary>
    public GdbStopEvent? LastStop
    {
        get
        {
            lock (_lock)
            {
                return AllParkedLocked() ? _stop : null;
            }
        }
    }

    /// <summary>Asks every vCPU to stop (Ctrl-C, or gdb attaching to a running machine); <see cref="Stopped"/> follows unless the machine is already stopped.</summary>
    public void RequestHalt(int signal, int vcpu = 0)
    {
        bool stoppedNow;
        lock (_lock)
        {
            if (_shutdown)
            {
                return;
            }

            stoppedNow = AllParkedLocked();
            if (!stoppedNow)
            {
                _stop ??= new GdbStopEvent(vcpu, signal);
                _haltRequested = true;
            }
        }

        if (!stoppedNow)
        {
            foreach (Vcpu v in _vcpus)
            {
                v.RequestExit();
            }
        }
    }

    /// <summary>Blocks until every vCPU is parked or the machine ended; false on timeout or end.</summary>
    public bool WaitUntilStopped(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_lock)
        {
            while (!AllParkedLocked() && !_shutdown)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_lock, left);
            }

            return !_shutdown;
        }
    }

    /// <summary>Replaces the machine's breakpoint set (Z0/Z1); applied by each vCPU before it next runs.</summary>
    public void SetBreakpoints(IEnumerable<ulong> addresses)
    {
        lock (_lock)
        {
            _breakpoints = [.. addresses];
            _breakpointVersion++;
        }
    }

    /// <summary>Replaces the machine's watchpoint set (Z2-Z4); applied by each vCPU before it next runs.</summary>
    public void SetWatchpoints(IEnumerable<DebugWatchpoint> watchpoints)
    {
        lock (_lock)
        {
            _watchpoints = [.. watchpoints];
            _breakpointVersion++;
        }
    }

    /// <summary>Resumes the machine: vCPU i does <paramref name="actions"/>[i]. At least one must run.</summary>
    public void Resume(IReadOnlyList<GdbResumeAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        lock (_lock)
        {
            for (int i = 0; i < _actions.Length; i++)
            {
                _actions[i] = i < actions.Count ? actions[i] : GdbResumeAction.Stay;
            }

            _stop = null;
            _haltRequested = false;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>The machine is ending: parked vCPUs return to their threads, which finish.</summary>
    public void Shutdown()
    {
        lock (_lock)
        {
            _shutdown = true;
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>A vCPU thread, before each run: parks while the debugger holds the machine, then applies its action.</summary>
    internal void BeforeRun(int index)
    {
        Vcpu vcpu = _vcpus[index];
        bool raise = false;
        HashSet<ulong>? breakpoints = null;
        DebugWatchpoint[] watchpoints = [];
        lock (_lock)
        {
            if (_haltRequested && !_shutdown)
            {
                _parked[index] = true;
                raise = AllParkedLocked() && _stop is not null;
                Monitor.PulseAll(_lock);
            }
        }

        if (raise)
        {
            RaiseStopped();
        }

        lock (_lock)
        {
            while (!_shutdown && (_haltRequested || _actions[index] == GdbResumeAction.Stay) && _parked[index])
            {
                Monitor.Wait(_lock);
            }

            _parked[index] = false;
            if (_appliedBreakpointVersion[index] != _breakpointVersion)
            {
                _appliedBreakpointVersion[index] = _breakpointVersion;
                breakpoints = _breakpoints;
                watchpoints = _watchpoints;
            }

            vcpu.SingleStep = !_shutdown && _actions[index] == GdbResumeAction.Step;
        }

        if (breakpoints is not null)
        {
            vcpu.PrepareEngine();
            vcpu.Debugging!.SetBreakpoints(breakpoints);
            vcpu.Debugging.SetWatchpoints(watchpoints);
        }
    }

    /// <summary>A vCPU reached a breakpoint, finished its step or hit a watchpoint: stop the whole machine.</summary>
    internal void OnDebugStop(int index, DebugStopKind kind, ulong watchAddress = 0)
    {
        DebugWatchpointKind? watch = kind switch
        {
            DebugStopKind.WriteWatchpoint => DebugWatchpointKind.Write,
            DebugStopKind.ReadWatchpoint => DebugWatchpointKind.Read,
            DebugStopKind.AccessWatchpoint => DebugWatchpointKind.Access,
            _ => null,
        };
        lock (_lock)
        {
            _stop ??= new GdbStopEvent(index, 5, watch, watchAddress);
            _haltRequested = true;
        }

        foreach (Vcpu v in _vcpus)
        {
            if (v.Index != index)
            {
                v.RequestExit();
            }
        }
    }

    /// <summary>A vCPU thread ended (the machine stops).</summary>
    internal void OnFinished(int index)
    {
        bool ended;
        lock (_lock)
        {
            _finished[index] = true;
            _parked[index] = false;
            _shutdown = true;
            ended = _finished.All(f => f);
            Monitor.PulseAll(_lock);
        }

        if (ended)
        {
            Ended?.Invoke();
        }
    }

    /// <summary>Every vCPU that has not finished is parked.</summary>
    private bool AllParkedLocked()
    {
        bool any = false;
        for (int i = 0; i < _parked.Length; i++)
        {
            if (!_finished[i])
            {
                if (!_parked[i])
                {
                    return false;
                }

                any = true;
            }
        }

        return any;
    }

    private void RaiseStopped()
    {
        GdbStopEvent? stop;
        lock (_lock)
        {
            stop = _stop;
        }

        if (stop is { } s)
        {
            Stopped?.Invoke(s);
        }
    }
}
