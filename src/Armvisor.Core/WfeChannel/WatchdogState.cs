namespace Armvisor.Core.WfeChannel;

/// <summary>One armed watchdog as the control API reports it: its scope, timeout, action and time left before it expires.</summary>
/// <param name="VcpuIndex">The vCPU it watches, or null for the VM-wide watchdog.</param>
/// <param name="Remaining">Time left; while the VM is paused this does not run down.</param>
public sealed record WatchdogState(int? VcpuIndex, TimeSpan Timeout, WatchdogAction Action, TimeSpan Remaining);
