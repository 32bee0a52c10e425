namespace Armvisor.Vmm;

/// <summary>
/// Something the control API reports as a QMP event: STOP, RESUME, SHUTDOWN, RESET, POWERDOWN, WATCHDOG (qapi/run-state.json).
/// </summary>
/// <param name="Name">The QMP event name.</param>
/// <param name="Guest">For SHUTDOWN and RESET: the guest asked for it (PSCI SYSTEM_OFF/RESET) rather than the host.</param>
/// <param name="Reason">For SHUTDOWN and RESET: QEMU's ShutdownCause spelling (guest-shutdown, host-qmp-quit...); for WATCHDOG: the action.</param>
public sealed record MachineEvent(string Name, bool? Guest = null, string? Reason = null)
{
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;
}
