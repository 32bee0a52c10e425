using System.Diagnostics;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// WFI and WFE as real sleeps on a wait handle (DDI0487 D1.16): WFI until an interrupt is pending (even masked), WFE
/// until the event register is set (SEV from any vCPU, an interrupt, or the global monitor of an armed exclusive being
/// cleared by another PE's store); both wake on <see cref="RequestExit"/>.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private readonly ManualResetEventSlim _wake = new(false);
    private volatile bool _eventPending;

    /// <summary>SEV from another vCPU (or a monitor clear): sets the event register.</summary>
    public void SignalEvent()
    {
        _eventPending = true;
        _wake.Set();
    }

    /// <summary>SEVL and local event sources.</summary>
    internal void SetLocalEvent() => State.EventRegister = true;

    private bool WakeConditionPending => InterruptLinePending || (Volatile.Read(ref _attention) & AttentionExit) != 0;

    /// <summary>
    /// WFI: sleeps until an interrupt is pending, a timer fires or an exit is requested. In deterministic mode time only
    /// moves with instructions, so an idle WFI moves the counter straight to the next timer deadline instead.
    /// </summary>
    internal void WaitForInterrupt()
    {
        bool inGuest = _inGuest;
        _inGuest = false; // asleep it uses no translation: other vCPUs' DSBs need not wait for it
        try
        {
            WaitForInterruptCore();
        }
        finally
        {
            _inGuest = inGuest;
        }
    }

    private void WaitForInterruptCore()
    {
        _timerCountdown = 0;
        SyncDeterministicCounter();
        if (_partition.DeterministicCounter is { } counter && !WakeConditionPending && NextTimerDeadline() is var deadline
            && deadline != ulong.MaxValue)
        {
            counter.AdvanceTo(deadline);
            return;
        }

        while (true)
        {
            _wake.Reset();
            if (WakeConditionPending || TimerDeadlinePassed())
            {
                return;
            }

            _wake.Wait(SleepMilliseconds());
        }
    }

    /// <summary>
    /// WFE: consumes the event register if set; otherwise sleeps until an event, an interrupt, a timer deadline, an event
    /// stream tick (CNTKCTL_EL1.EVNTEN, DDI0487 D11.2.3) or an exit request. While an exclusive is armed, a change of the
    /// monitored value stands for the global monitor's clear event (B2.9.6).
    /// </summary>
    public void WaitForEvent()
    {
        bool inGuest = _inGuest;
        _inGuest = false;
        try
        {
            WaitForEventCore();
        }
        finally
        {
            _inGuest = inGuest;
        }
    }

    private void WaitForEventCore()
    {
        _timerCountdown = 0;
        SyncDeterministicCounter();
        if (ConsumeEvent())
        {
            return;
        }

        ulong start = _partition.ReadCounter();
        ulong eventStream = _system.Timers.NextEventStreamTick(start) ?? ulong.MaxValue;
        if (_partition.DeterministicCounter is { } counter && !_exclusiveArmed && !WakeConditionPending)
        {
            // Deterministic time only moves with instructions: an idle WFE skips to its next wake-up source.
            ulong next = Math.Min(eventStream, NextTimerDeadline());
            if (next != ulong.MaxValue)
            {
                counter.AdvanceTo(next);
                return;
            }
        }

        long spins = 0;
        while (true)
        {
            _wake.Reset();
            if (ConsumeEvent() || WakeConditionPending || TimerDeadlinePassed())
            {
                return;
            }

            if (eventStream != ulong.MaxValue && _partition.ReadCounter() >= eventStream)
            {
                return; // the event stream's event sets the event register, which this WFE consumes
            }

            if (_exclusiveArmed && ExclusiveValueChanged())
            {
                ClearExclusiveMonitor();
                return;
            }

            // Short waits (an armed monitor has no host notification; event-stream periods are ~100 us) spin and yield;
            // long ones block on the wait handle until the next deadline.
            if (_exclusiveArmed || eventStream != ulong.MaxValue)
            {
                if (++spins < 64)
                {
                    Thread.SpinWait(32);
                }
                else if (spins < 1024)
                {
                    Thread.Yield();
                }
                else
                {
                    _wake.Wait(1);
                }

                continue;
            }

            _wake.Wait(SleepMilliseconds());
        }
    }

    /// <summary>Clears the event register (folding in events sent by other PEs); true if it was set.</summary>
    internal bool ConsumeEvent()
    {
        if (_eventPending)
        {
            _eventPending = false;
            State.EventRegister = true;
        }

        if (State.EventRegister)
        {
            State.EventRegister = false;
            return true;
        }

        return false;
    }

    private bool TimerDeadlinePassed()
    {
        ulong deadline = NextTimerDeadline();
        return deadline != ulong.MaxValue && _partition.ReadCounter() >= deadline;
    }

    /// <summary>How long to block: until the next timer deadline (bounded), or indefinitely.</summary>
    private int SleepMilliseconds()
    {
        ulong deadline = NextTimerDeadline();
        if (deadline == ulong.MaxValue)
        {
            return Timeout.Infinite;
        }

        ulong now = _partition.ReadCounter();
        if (deadline <= now)
        {
            return 0;
        }

        if (_partition.Options.Deterministic)
        {
            // Another vCPU's instructions move the counter: poll it.
            return 1;
        }

        ulong ms = (deadline - now) * 1000 / _partition.CounterFrequency;
        Debug.Assert(ms < long.MaxValue);
        return (int)Math.Clamp(ms, 1, 1000);
    }
}
