namespace Armvisor.Fleet.Metadata;

/// <summary>A boot-phase callback from an instance (provisioning.md §7.1): POST /armvisor/v1/events.</summary>
public sealed record HostEvent(string Phase, string BootId, string? Detail = null, string? FailedPhase = null);
