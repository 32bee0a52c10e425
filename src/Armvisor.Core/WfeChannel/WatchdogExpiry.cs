namespace Armvisor.Core.WfeChannel;

/// <summary>A watchdog expired: which one (vCPU index, or null for the VM's), its action, and when, against when it was due.</summary>
public sealed record WatchdogExpiry(int? VcpuIndex, WatchdogAction Action, TimeSpan Timeout, DateTimeOffset Due, DateTimeOffset Fired);
