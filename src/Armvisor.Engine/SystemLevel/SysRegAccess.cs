namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The outcome of an MRS, MSR or System instruction access check, in the architecture's priority order
/// (DDI0487 D1.14.3 "Synchronous exception prioritization": EL0 controls that trap to EL1 come before EL2 traps).
/// </summary>
public enum SysRegAccess : byte
{
    /// <summary>The access happens.</summary>
    Ok,

    /// <summary>UNDEFINED: the caller takes EC 0x00 to EL1.</summary>
    Undefined,

    /// <summary>Trapped to EL1 with EC 0x18 (e.g. SCTLR_EL1.UCT, CNTKCTL_EL1.EL0VCTEN); the caller builds the ISS with <see cref="Arm64.SysRegIss"/>.</summary>
    TrapToEl1,

    /// <summary>Trapped to EL2 with EC 0x18: the run call exits to the hypervisor-core agent.</summary>
    TrapToEl2,

    /// <summary>Trapped to EL3 with EC 0x18: the run call exits to the secure-monitor agent.</summary>
    TrapToEl3,

    /// <summary>FP/AdvSIMD access trap, EC 0x07, to EL1 (CPACR_EL1.FPEN).</summary>
    FpTrapToEl1,

    /// <summary>FP/AdvSIMD access trap, EC 0x07, to EL2 (CPTR_EL2.TFP).</summary>
    FpTrapToEl2,

    /// <summary>FP/AdvSIMD access trap, EC 0x07, to EL3 (CPTR_EL3.TFP).</summary>
    FpTrapToEl3,
}
