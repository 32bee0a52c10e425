namespace Armvisor.Engine.AArch32.Memory;

/// <summary>Faults a short-descriptor walk itself detects (permission and access-flag faults depend on the access).</summary>
public enum ShortDescriptorFault : byte
{
    None,
    Translation,
    AccessFlag,
    Domain,
    ExternalAbortOnWalk,

    /// <summary>The descriptor's IPA is not RAM at stage 2: an exit to EL2 with S1PTW (<see cref="ShortDescriptorResult.WalkAddress"/>).</summary>
    Stage2OnWalk,
}
