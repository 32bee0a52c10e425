namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The EL2 (and EL3) trap controls that apply to a System register or instruction, as named by the architecture
/// (HCR_EL2: DDI0487 D24.2.48; MDCR_EL2: D24.3.16; CNTHCTL_EL2: D24.8.2; CPTR_EL2: D24.2.33).
/// </summary>
[Flags]
internal enum SystemRegisterTraps : uint
{
    None = 0,

    /// <summary>HCR_EL2.TVM traps writes, HCR_EL2.TRVM traps reads (the virtual-memory control registers).</summary>
    VirtualMemoryControl = 1 << 0,

    /// <summary>HCR_EL2.TID1 (REVIDR_EL1, AIDR_EL1).</summary>
    Tid1 = 1 << 1,

    /// <summary>HCR_EL2.TID2 (CTR_EL0, CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1).</summary>
    Tid2 = 1 << 2,

    /// <summary>HCR_EL2.TID3 (the ID space op0=3, op1=0, CRn=0, CRm=1..7).</summary>
    Tid3 = 1 << 3,

    /// <summary>HCR_EL2.TACR (ACTLR_EL1).</summary>
    Tacr = 1 << 4,

    /// <summary>HCR_EL2.TSW (DC ISW/CSW/CISW).</summary>
    Tsw = 1 << 5,

    /// <summary>HCR_EL2.TPCP (DC IVAC/CVAC/CIVAC).</summary>
    Tpcp = 1 << 6,

    /// <summary>HCR_EL2.TPU (IC IALLUIS/IALLU/IVAU, DC CVAU).</summary>
    Tpu = 1 << 7,

    /// <summary>HCR_EL2.TTLB (TLBI).</summary>
    Ttlb = 1 << 8,

    /// <summary>HCR_EL2.TDZ (DC ZVA).</summary>
    Tdz = 1 << 9,

    /// <summary>MDCR_EL2.TDA (debug registers) and MDCR_EL2.TDE.</summary>
    Tda = 1 << 10,

    /// <summary>MDCR_EL2.TDOSA (OS lock and power-down registers) and MDCR_EL2.TDE.</summary>
    Tdosa = 1 << 11,

    /// <summary>MDCR_EL2.TPM (performance monitors).</summary>
    Tpm = 1 << 12,

    /// <summary>MDCR_EL2.TPMCR (PMCR_EL0), in addition to TPM.</summary>
    Tpmcr = 1 << 13,

    /// <summary>CNTHCTL_EL2.EL1PCTEN == 0 traps CNTPCT_EL0.</summary>
    PhysicalCount = 1 << 14,

    /// <summary>CNTHCTL_EL2.EL1PCEN == 0 traps CNTP_CTL/CVAL/TVAL_EL0.</summary>
    PhysicalTimer = 1 << 15,

    /// <summary>FP/AdvSIMD state: CPACR_EL1.FPEN, CPTR_EL2.TFP, CPTR_EL3.TFP (EC 0x07 rather than 0x18).</summary>
    FloatingPoint = 1 << 16,

    /// <summary>GIC CPU interface: always handed to the EL2 agent, which emulates the GIC (like HVF without an in-kernel GIC).</summary>
    GicCpuInterface = 1 << 17,
}
