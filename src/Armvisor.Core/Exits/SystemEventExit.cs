namespace Armvisor.Core;

/// <summary>The guest asked for the whole machine to power off or reset (PSCI SYSTEM_OFF, SYSTEM_RESET), or a watchdog did.</summary>
public sealed record SystemEventExit(SystemEvent Event, string Reason) : VmExit;
