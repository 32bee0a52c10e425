using Armvisor.Core;
using Armvisor.Core.WfeChannel;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// Run control for the control API (QMP stop/cont/system_reset/quit, snapshots): pause and resume through the one
/// <see cref="VcpuPauseGate"/>, the run state, and the events QMP reports.
/// </summary>
public sealed partial class Machine
{
    /// <summary>The stop reason of a machine replaced by a snapshot it loads (no event: the machine continues as the snapshot's).</summary>
    internal const string SnapshotLoadReason = "snapshot-load";

    private static readonly TimeSpan PauseTimeout = TimeSpan.FromSeconds(10);
    private readonly VcpuPauseGate _pauseGate = new();
    private readonly Lock _controlLock = new();
    private MachineRunState _runState = MachineRunState.Prelaunch;
    private bool _started;
    private VcpuRunner[] _runners = [];

    /// <summary>The host thread id running each vCPU (0 until its thread has started), for QMP query-cpus-fast.</summary>
    public IReadOnlyList<int> VcpuHostThreadIds => _runners.Length == 0 ? new int[Vm.Vcpus.Count] : _runners.Select(r => r.HostThreadId).ToArray();

    /// <summary>Raised for every QMP event (on the thread that caused it).</summary>
    public event Action<MachineEvent>? EventRaised;

    public MachineRunState RunState
    {
        get
        {
            lock (_controlLock)
            {
                return _runState;
            }
        }
    }

    /// <summary>When set before <see cref="Run"/>, the vCPUs start parked (QEMU's -S; a restored machine on request).</summary>
    public bool StartPaused { get; set; }

    /// <summary>
    /// Parks every vCPU at an instruction boundary and stops guest time (counter, watchdogs). Idempotent. Returns false
    /// once the run has ended. Any thread except a vCPU's.
    /// </summary>
    public bool Pause()
    {
        lock (_controlLock)
        {
            if (_runState == MachineRunState.Shutdown)
            {
                return false;
            }

            if (_runState == MachineRunState.Paused)
            {
                return true;
            }

            if (_started && !_pauseGate.Pause(Vm.RequestExitAll, PauseTimeout))
            {
                _pauseGate.Resume();
                throw new InvalidOperationException($"the vCPUs did not reach an instruction boundary within {PauseTimeout.TotalSeconds} s");
            }

            if (!_started)
            {
                StartPaused = true;
            }

            SuspendGuest();
            _runState = MachineRunState.Paused;
        }

        _logger.LogInformation("Machine paused");
        Raise(new MachineEvent("STOP"));
        return true;
    }

    /// <summary>Runs the vCPUs on from where <see cref="Pause"/> left them. Idempotent; false once the run has ended.</summary>
    public bool Resume()
    {
        lock (_controlLock)
        {
            if (_runState == MachineRunState.Shutdown)
            {
                return false;
            }

            if (_runState != MachineRunState.Paused)
            {
                return true;
            }

            ResumeGuest();
            StartPaused = false;
            _runState = _started ? MachineRunState.Running : MachineRunState.Prelaunch;
            _pauseGate.Resume();
        }

        _logger.LogInformation("Machine resumed");
        Raise(new MachineEvent("RESUME"));
        return true;
    }

    /// <summary>How long the power button stays pressed (QEMU virt's gpio-key device releases it after 100 ms).</summary>
    private static readonly TimeSpan s_powerButtonPress = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// QMP system_powerdown: presses the gpio-keys power button (PL061 pin 3; QEMU virt virt_powerdown_req) for
    /// 100 ms and reports POWERDOWN. The guest decides what to do: Linux's gpio-keys reports KEY_POWER and the kit's
    /// init runs poweroff. With --firmware-tables acpi the guest sees no button (the ACPI GED/_AEI is not built).
    /// </summary>
    public void RequestPowerdown()
    {
        if (Configuration.FirmwareTables == FirmwareTables.Acpi)
        {
            _logger.LogWarning("system_powerdown: ACPI guests have no power-button description on this machine; the guest is not notified");
        }

        Gpio.SetInput((int)Firmware.DeviceTree.DeviceTreeBuilder.PowerButtonPin, true);
        _ = Task.Delay(s_powerButtonPress).ContinueWith(
            _ => Gpio.SetInput((int)Firmware.DeviceTree.DeviceTreeBuilder.PowerButtonPin, false), TaskScheduler.Default);
        Raise(new MachineEvent("POWERDOWN"));
    }

    /// <summary>Runs <paramref name="action"/> with every vCPU parked, then restores the previous run state.</summary>
    public T WhilePaused<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        bool wasPaused = RunState == MachineRunState.Paused;
        if (!wasPaused && !PauseQuietly())
        {
            throw new InvalidOperationException("the machine is not running");
        }

        try
        {
            return action();
        }
        finally
        {
            if (!wasPaused)
            {
                ResumeQuietly();
            }
        }
    }

    /// <summary>A pause that raises no STOP event (QEMU's savevm pauses without one).</summary>
    private bool PauseQuietly()
    {
        lock (_controlLock)
        {
            if (_runState is MachineRunState.Shutdown)
            {
                return false;
            }

            if (_started && !_pauseGate.Pause(Vm.RequestExitAll, PauseTimeout))
            {
                _pauseGate.Resume();
                throw new InvalidOperationException($"the vCPUs did not reach an instruction boundary within {PauseTimeout.TotalSeconds} s");
            }

            SuspendGuest();
            _runState = MachineRunState.Paused;
            return true;
        }
    }

    private void ResumeQuietly()
    {
        lock (_controlLock)
        {
            if (_runState != MachineRunState.Paused)
            {
                return;
            }

            ResumeGuest();
            _runState = _started ? MachineRunState.Running : MachineRunState.Prelaunch;
            _pauseGate.Resume();
        }
    }

    /// <summary>Called by <see cref="Run"/> as the vCPU threads start.</summary>
    private void MarkStarted()
    {
        lock (_controlLock)
        {
            _started = true;
            if (StartPaused)
            {
                // Close the gate before any thread runs guest code: the first checkpoint parks it.
                _pauseGate.Pause(static () => { }, TimeSpan.Zero);
                SuspendGuest();
                _runState = MachineRunState.Paused;
            }
            else
            {
                ResumeGuest(); // a restored machine's guest time was frozen at the saved count
                _runState = MachineRunState.Running;
                LogRestoredRunning();
            }
        }
    }

    /// <summary>Called by <see cref="Stop"/> when the run ends: parked threads are let go and the run state is final.</summary>
    private void MarkEnded(GuestOutcome outcome, string reason)
    {
        lock (_controlLock)
        {
            _runState = MachineRunState.Shutdown;
        }

        bool guest = reason.StartsWith("PSCI", StringComparison.Ordinal) || reason.Contains("watchdog", StringComparison.Ordinal);
        MachineEvent? e = reason == SnapshotLoadReason ? null : outcome switch
        {
            GuestOutcome.Reset or GuestOutcome.WatchdogReset => new MachineEvent("RESET", guest,
                reason.Contains("watchdog", StringComparison.Ordinal) ? "watchdog" : guest ? "guest-reset" : "host-qmp-system-reset"),
            GuestOutcome.PoweredOff => new MachineEvent("SHUTDOWN", guest, guest ? "guest-shutdown" : reason == "quit" ? "host-qmp-quit" : "host-signal"),
            GuestOutcome.UserQuit => new MachineEvent("SHUTDOWN", false, reason == "quit" ? "host-qmp-quit" : "host-signal"),
            GuestOutcome.Timeout or GuestOutcome.HostError or GuestOutcome.GuestFault => new MachineEvent("SHUTDOWN", false, "host-error"),
            _ => null,
        };
        if (e is not null)
        {
            Raise(e);
        }
    }

    /// <summary>
    /// What stops with the vCPUs: guest time (counter, watchdogs) and host input into guest RAM (network frames,
    /// virtio-console input wait in their devices), so a paused machine's RAM and virtqueues change only by the guest.
    /// </summary>
    private void SuspendGuest()
    {
        Vm.SuspendGuestTime();
        HoldHostInput(true);
    }

    private void ResumeGuest()
    {
        HoldHostInput(false);
        Vm.ResumeGuestTime();
    }

    private void HoldHostInput(bool held)
    {
        foreach (Devices.Virtio.VirtioMmioTransport transport in _virtioTransports)
        {
            transport.HoldHostInput(held);
        }
    }

    private void OnWatchdogExpired(WatchdogExpiry expiry)
    {
        string action = expiry.Action switch
        {
            WatchdogAction.ResetVm => "reset",
            WatchdogAction.InjectInterrupt => "inject-nmi",
            _ => "none",
        };
        Raise(new MachineEvent("WATCHDOG", Reason: action));
    }

    private void Raise(MachineEvent e)
    {
        try
        {
            EventRaised?.Invoke(e);
        }
#pragma warning disable CA1031 // A failing listener (a closed control socket) must not end the machine.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _logger.LogDebug(ex, "Event listener failed for {Event}", e.Name);
        }
    }
}
