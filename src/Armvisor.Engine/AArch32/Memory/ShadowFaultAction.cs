namespace Armvisor.Engine.AArch32.Memory;

/// <summary>How the hypervisor resolved a shadow fault.</summary>
public enum ShadowFaultAction : byte
{
    /// <summary>The shadow tables were repaired (repopulated): walk them again.</summary>
    Retry,

    /// <summary>The guest's own tables or DACR deny the access: the guest takes the abort with <see cref="ShadowFaultResolution.FaultStatus"/>.</summary>
    Reflect,

    /// <summary>
    /// The hypervisor emulates this one access (a write to a write-protected guest translation table): it reaches
    /// <see cref="ShadowFaultResolution.PhysicalAddress"/> and is not cached, so the next one faults again.
    /// </summary>
    PermitOnce,
}
