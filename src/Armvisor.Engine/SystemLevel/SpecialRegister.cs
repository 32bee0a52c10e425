namespace Armvisor.Engine.SystemLevel;

/// <summary>Registers whose value is computed from PSTATE, other registers or the partition, not stored.</summary>
internal enum SpecialRegister : byte
{
    None,
    CurrentEl,
    SpSel,
    Pan,
    SpEl0,
    SpEl1,
    Nzcv,
    Daif,
    Fpcr,
    Fpsr,

    /// <summary>MIDR_EL1: VPIDR_EL2 when EL2 is enabled and the access is from EL1 (DDI0487 D24.2.103).</summary>
    Midr,

    /// <summary>MPIDR_EL1: VMPIDR_EL2 when EL2 is enabled and the access is from EL1.</summary>
    Mpidr,

    /// <summary>CCSIDR_EL1, selected by CSSELR_EL1.</summary>
    Ccsidr,

    /// <summary>DCZID_EL0 with DZP computed from SCTLR_EL1.DZE and HCR_EL2.TDZ.</summary>
    Dczid,

    /// <summary>ISR_EL1, from the interrupt lines the interpreter reports.</summary>
    Isr,

    /// <summary>ICC_SRE_EL1: reads SRE|DFB|DIB, writes ignored (IHI0069 12.2.20).</summary>
    IccSre,

    /// <summary>CNTFRQ_EL0: writable only at the highest implemented EL (DDI0487 D24.8.1).</summary>
    CounterFrequency,
}
