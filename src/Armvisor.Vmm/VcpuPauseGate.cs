namespace Armvisor.Vmm;

/// <summary>
/// The one mechanism that pauses a machine's vCPUs (QMP <c>stop</c>, snapshots): <see cref="Pause"/> raises the gate and
/// asks every vCPU to leave <see cref="Core.Vcpu.Run"/>; each runner thread, back in its loop with no exit owed a
/// reply, parks in <see cref="Checkpoint"/>; Pause returns once every running thread is parked. The engine leaves Run
/// only between instructions (a requested exit is taken at a block boundary; a WFI/WFE wait returns as a spurious
/// wake-up, which the architecture allows, DDI0487 D1.16.2), so a paused vCPU sits at an instruction boundary with its
/// whole state in <see cref="Core.Vcpu"/>. <see cref="Resume"/> lowers the gate; the threads run on from exactly there.
/// </summary>
internal sealed class VcpuPauseGate
{
    private readonly object _gate = new();
    private bool _closed;
    private int _running;
    private int _parked;

    /// <summary>Whether the gate is raised (the machine is paused or pausing).</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>A runner thread starts using the gate.</summary>
    public void Enter()
    {
        lock (_gate)
        {
            _running++;
        }
    }

    /// <summary>A runner thread has finished: a pause no longer waits for it.</summary>
    public void Leave()
    {
        lock (_gate)
        {
            _running--;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Called by a runner thread between exits: parks while the gate is raised (or until <paramref name="stopping"/>).</summary>
    public void Checkpoint(Func<bool> stopping)
    {
        lock (_gate)
        {
            if (!_closed)
            {
                return;
            }

            _parked++;
            Monitor.PulseAll(_gate);
            while (_closed && !stopping())
            {
                Monitor.Wait(_gate, 100);
            }

            _parked--;
        }
    }

    /// <summary>Raises the gate, kicks the vCPUs with <paramref name="kick"/> and waits until every running thread is parked.</summary>
    /// <returns>False if they did not all park within <paramref name="timeout"/> (the gate stays raised).</returns>
    public bool Pause(Action kick, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(kick);
        lock (_gate)
        {
            _closed = true;
        }

        kick();
        DateTime deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (_parked < _running)
            {
                TimeSpan left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                // Kick again now and then: a vCPU that was between its checkpoint and Run when the first kick came
                // consumed it before entering Run (RequestExit is level-triggered, so this is only a safety net).
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50));
                if (_parked < _running)
                {
                    Monitor.Exit(_gate);
                    try
                    {
                        kick();
                    }
                    finally
                    {
                        Monitor.Enter(_gate);
                    }
                }
            }

            return true;
        }
    }

    /// <summary>Lowers the gate: parked threads run on.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _closed = false;
            Monitor.PulseAll(_gate);
        }
    }
}
