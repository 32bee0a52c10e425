namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// What a write made stale, accumulated in <see cref="SystemRegisterFile.PendingEffects"/> for the interpreter to act
/// on at the end of the instruction (end the block, flush the soft TLB, recompute the timer deadline...).
/// </summary>
[Flags]
public enum SystemRegisterEffects : byte
{
    None = 0,

    /// <summary>SCTLR_EL1, TCR_EL1, TTBR0/1_EL1, MAIR_EL1, HCR_EL2: cached translations and block keys may be stale.</summary>
    Translation = 1 << 0,

    /// <summary>HCR_EL2, SCR_EL3, MDCR_EL2, CPTR_EL2, CPACR_EL1, CNTHCTL_EL2, SCTLR_EL1 trap bits: trap decisions cached in blocks are stale.</summary>
    TrapControls = 1 << 1,

    /// <summary>A timer register changed: recompute the timer output and the WFI deadline.</summary>
    Timer = 1 << 2,

    /// <summary>PSTATE.DAIF, PAN or SPSel changed: re-check pending interrupts and the stack pointer.</summary>
    Pstate = 1 << 3,

    /// <summary>MDSCR_EL1, MDCR_EL2, DBGBVR/BCR, DBGWVR/WCR: the self-hosted debug comparators must be read again.</summary>
    Debug = 1 << 4,

    /// <summary>DACR: the soft TLB's entries were made under another DACR value (select its domain set, SoftTlb).</summary>
    Domain = 1 << 5,
}
