namespace Armvisor.Engine.AArch32.Memory;

/// <summary>A fault of the engine's walk of the shadow tables: the access and the short-descriptor status it got.</summary>
public readonly record struct ShadowFault(uint VirtualAddress, ShadowAccess Access, bool GuestUnprivileged, uint ShadowFaultStatus);
