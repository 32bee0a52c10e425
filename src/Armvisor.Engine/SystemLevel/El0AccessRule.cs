namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// How an EL0 access to a System register or instruction is decided. Accesses refused by an EL1 control bit trap
/// to EL1 with EC 0x18; registers with no EL0 access are UNDEFINED at EL0.
/// </summary>
internal enum El0AccessRule : byte
{
    /// <summary>UNDEFINED at EL0 (every EL1-and-above register).</summary>
    None,

    /// <summary>Accessible at EL0 in the directions EL1 has.</summary>
    Always,

    /// <summary>Read at EL0, write UNDEFINED (TPIDRRO_EL0).</summary>
    ReadOnly,

    /// <summary>SCTLR_EL1.UMA (DAIF).</summary>
    Uma,

    /// <summary>SCTLR_EL1.UCT (CTR_EL0).</summary>
    Uct,

    /// <summary>SCTLR_EL1.DZE (DC ZVA).</summary>
    Dze,

    /// <summary>SCTLR_EL1.UCI (DC CVAU, DC CVAC, DC CIVAC, IC IVAU).</summary>
    Uci,

    /// <summary>CNTKCTL_EL1.EL0PCTEN or EL0VCTEN (CNTFRQ_EL0).</summary>
    CounterFrequency,

    /// <summary>CNTKCTL_EL1.EL0PCTEN (CNTPCT_EL0).</summary>
    PhysicalCount,

    /// <summary>CNTKCTL_EL1.EL0VCTEN (CNTVCT_EL0).</summary>
    VirtualCount,

    /// <summary>CNTKCTL_EL1.EL0PTEN (CNTP_*).</summary>
    PhysicalTimer,

    /// <summary>CNTKCTL_EL1.EL0VTEN (CNTV_*).</summary>
    VirtualTimer,

    /// <summary>PMUSERENR_EL0.EN (PMCR, PMCNTEN*, PMOVS*, PMCEID*, PMEVTYPER*, PMCCFILTR); D24.5.21.</summary>
    PmuEnable,

    /// <summary>PMUSERENR_EL0.EN or .SW (PMSWINC_EL0).</summary>
    PmuSoftwareIncrement,

    /// <summary>PMUSERENR_EL0.EN, or .CR for reads (PMCCNTR_EL0).</summary>
    PmuCycleCounter,

    /// <summary>PMUSERENR_EL0.EN, or .ER for reads (PMEVCNTR*, PMXEVCNTR) and any access to PMSELR_EL0.</summary>
    PmuEventCounter,

    /// <summary>PMUSERENR_EL0.EN or .ER, reads and writes (PMSELR_EL0).</summary>
    PmuSelect,

    /// <summary>PMUSERENR_EL0 itself: readable at EL0, writes UNDEFINED.</summary>
    PmuUserEnable,
}
