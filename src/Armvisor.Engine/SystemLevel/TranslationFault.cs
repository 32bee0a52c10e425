namespace Armvisor.Engine.SystemLevel;

/// <summary>Why a stage-1 translation failed (DDI0487 D8.14 "MMU fault types", in their priority order).</summary>
public enum TranslationFault : byte
{
    None,

    /// <summary>Address size fault: an output or table address above the PA size (TCR_EL1.IPS, ID_AA64MMFR0_EL1.PARange).</summary>
    AddressSize,

    /// <summary>Translation fault: invalid or reserved descriptor, VA out of range, or walk disabled by EPDn.</summary>
    Translation,

    /// <summary>Access flag fault: the leaf descriptor has AF = 0 (no hardware AF update: ID_AA64MMFR1_EL1.HAFDBS = 0).</summary>
    AccessFlag,

    /// <summary>Permission fault.</summary>
    Permission,

    /// <summary>A descriptor read hit an IPA that is not RAM at stage 2: a stage-2 fault on the stage-1 walk (S1PTW = 1), for EL2.</summary>
    Stage2OnWalk,
}
