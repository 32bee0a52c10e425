namespace Armvisor.Arm64;

/// <summary>
/// Named encodings of the AArch64 System registers and System instructions Armvisor knows
/// (DDI0487 C5.3 "A64 System instruction class encoding overview", register pages in D24/D19).
/// Op0=1 entries are System instructions (DC, IC, AT, TLBI: DDI0487 C5.3.1-C5.3.4).
/// </summary>
public static class SysReg
{
    private static SystemRegisterEncoding E(int op0, int op1, int crn, int crm, int op2) =>
        new((byte)op0, (byte)op1, (byte)crn, (byte)crm, (byte)op2);

    // Identification (op0=3, op1=0, CRn=0): DDI0487 D24.2 "ID registers".
    public static readonly SystemRegisterEncoding MidrEl1 = E(3, 0, 0, 0, 0);
    public static readonly SystemRegisterEncoding MpidrEl1 = E(3, 0, 0, 0, 5);
    public static readonly SystemRegisterEncoding RevidrEl1 = E(3, 0, 0, 0, 6);
    public static readonly SystemRegisterEncoding IdPfr0El1 = E(3, 0, 0, 1, 0);
    public static readonly SystemRegisterEncoding IdIsar0El1 = E(3, 0, 0, 2, 0);
    public static readonly SystemRegisterEncoding Mvfr0El1 = E(3, 0, 0, 3, 0);
    public static readonly SystemRegisterEncoding IdAa64Pfr0El1 = E(3, 0, 0, 4, 0);
    public static readonly SystemRegisterEncoding IdAa64Pfr1El1 = E(3, 0, 0, 4, 1);
    public static readonly SystemRegisterEncoding IdAa64Zfr0El1 = E(3, 0, 0, 4, 4);
    public static readonly SystemRegisterEncoding IdAa64Smfr0El1 = E(3, 0, 0, 4, 5);
    public static readonly SystemRegisterEncoding IdAa64Dfr0El1 = E(3, 0, 0, 5, 0);
    public static readonly SystemRegisterEncoding IdAa64Dfr1El1 = E(3, 0, 0, 5, 1);
    public static readonly SystemRegisterEncoding IdAa64Afr0El1 = E(3, 0, 0, 5, 4);
    public static readonly SystemRegisterEncoding IdAa64Afr1El1 = E(3, 0, 0, 5, 5);
    public static readonly SystemRegisterEncoding IdAa64Isar0El1 = E(3, 0, 0, 6, 0);
    public static readonly SystemRegisterEncoding IdAa64Isar1El1 = E(3, 0, 0, 6, 1);
    public static readonly SystemRegisterEncoding IdAa64Isar2El1 = E(3, 0, 0, 6, 2);
    public static readonly SystemRegisterEncoding IdAa64Mmfr0El1 = E(3, 0, 0, 7, 0);
    public static readonly SystemRegisterEncoding IdAa64Mmfr1El1 = E(3, 0, 0, 7, 1);
    public static readonly SystemRegisterEncoding IdAa64Mmfr2El1 = E(3, 0, 0, 7, 2);
    public static readonly SystemRegisterEncoding CcsidrEl1 = E(3, 1, 0, 0, 0);
    public static readonly SystemRegisterEncoding ClidrEl1 = E(3, 1, 0, 0, 1);
    public static readonly SystemRegisterEncoding AidrEl1 = E(3, 1, 0, 0, 7);
    public static readonly SystemRegisterEncoding CsselrEl1 = E(3, 2, 0, 0, 0);
    public static readonly SystemRegisterEncoding CtrEl0 = E(3, 3, 0, 0, 1);
    public static readonly SystemRegisterEncoding DczidEl0 = E(3, 3, 0, 0, 7);

    // EL1 control.
    public static readonly SystemRegisterEncoding SctlrEl1 = E(3, 0, 1, 0, 0);
    public static readonly SystemRegisterEncoding ActlrEl1 = E(3, 0, 1, 0, 1);
    public static readonly SystemRegisterEncoding CpacrEl1 = E(3, 0, 1, 0, 2);
    public static readonly SystemRegisterEncoding Ttbr0El1 = E(3, 0, 2, 0, 0);
    public static readonly SystemRegisterEncoding Ttbr1El1 = E(3, 0, 2, 0, 1);
    public static readonly SystemRegisterEncoding TcrEl1 = E(3, 0, 2, 0, 2);
    public static readonly SystemRegisterEncoding SpsrEl1 = E(3, 0, 4, 0, 0);
    public static readonly SystemRegisterEncoding ElrEl1 = E(3, 0, 4, 0, 1);
    public static readonly SystemRegisterEncoding SpEl0 = E(3, 0, 4, 1, 0);
    public static readonly SystemRegisterEncoding SpSel = E(3, 0, 4, 2, 0);
    public static readonly SystemRegisterEncoding CurrentEl = E(3, 0, 4, 2, 2);
    public static readonly SystemRegisterEncoding Pan = E(3, 0, 4, 2, 3);
    public static readonly SystemRegisterEncoding Afsr0El1 = E(3, 0, 5, 1, 0);
    public static readonly SystemRegisterEncoding Afsr1El1 = E(3, 0, 5, 1, 1);
    public static readonly SystemRegisterEncoding EsrEl1 = E(3, 0, 5, 2, 0);
    public static readonly SystemRegisterEncoding FarEl1 = E(3, 0, 6, 0, 0);
    public static readonly SystemRegisterEncoding ParEl1 = E(3, 0, 7, 4, 0);
    public static readonly SystemRegisterEncoding MairEl1 = E(3, 0, 10, 2, 0);
    public static readonly SystemRegisterEncoding AmairEl1 = E(3, 0, 10, 3, 0);
    public static readonly SystemRegisterEncoding VbarEl1 = E(3, 0, 12, 0, 0);
    public static readonly SystemRegisterEncoding IsrEl1 = E(3, 0, 12, 1, 0);
    public static readonly SystemRegisterEncoding ContextidrEl1 = E(3, 0, 13, 0, 1);
    public static readonly SystemRegisterEncoding TpidrEl1 = E(3, 0, 13, 0, 4);
    public static readonly SystemRegisterEncoding CntkctlEl1 = E(3, 0, 14, 1, 0);

    // EL0-visible PSTATE, FP and thread registers.
    public static readonly SystemRegisterEncoding Nzcv = E(3, 3, 4, 2, 0);
    public static readonly SystemRegisterEncoding Daif = E(3, 3, 4, 2, 1);
    public static readonly SystemRegisterEncoding Fpcr = E(3, 3, 4, 4, 0);
    public static readonly SystemRegisterEncoding Fpsr = E(3, 3, 4, 4, 1);
    public static readonly SystemRegisterEncoding TpidrEl0 = E(3, 3, 13, 0, 2);
    public static readonly SystemRegisterEncoding TpidrroEl0 = E(3, 3, 13, 0, 3);

    // Generic timer (DDI0487 D11, D24.8).
    public static readonly SystemRegisterEncoding CntfrqEl0 = E(3, 3, 14, 0, 0);
    public static readonly SystemRegisterEncoding CntpctEl0 = E(3, 3, 14, 0, 1);
    public static readonly SystemRegisterEncoding CntvctEl0 = E(3, 3, 14, 0, 2);
    public static readonly SystemRegisterEncoding CntpTvalEl0 = E(3, 3, 14, 2, 0);
    public static readonly SystemRegisterEncoding CntpCtlEl0 = E(3, 3, 14, 2, 1);
    public static readonly SystemRegisterEncoding CntpCvalEl0 = E(3, 3, 14, 2, 2);
    public static readonly SystemRegisterEncoding CntvTvalEl0 = E(3, 3, 14, 3, 0);
    public static readonly SystemRegisterEncoding CntvCtlEl0 = E(3, 3, 14, 3, 1);
    public static readonly SystemRegisterEncoding CntvCvalEl0 = E(3, 3, 14, 3, 2);
    public static readonly SystemRegisterEncoding CnthctlEl2 = E(3, 4, 14, 1, 0);
    public static readonly SystemRegisterEncoding CntvoffEl2 = E(3, 4, 14, 0, 3);

    // GICv3 CPU interface (IHI0069 12.2, "AArch64 System register descriptions").
    public static readonly SystemRegisterEncoding IccPmrEl1 = E(3, 0, 4, 6, 0);
    public static readonly SystemRegisterEncoding IccIar0El1 = E(3, 0, 12, 8, 0);
    public static readonly SystemRegisterEncoding IccEoir0El1 = E(3, 0, 12, 8, 1);
    public static readonly SystemRegisterEncoding IccHppir0El1 = E(3, 0, 12, 8, 2);
    public static readonly SystemRegisterEncoding IccBpr0El1 = E(3, 0, 12, 8, 3);
    public static readonly SystemRegisterEncoding IccDirEl1 = E(3, 0, 12, 11, 1);
    public static readonly SystemRegisterEncoding IccRprEl1 = E(3, 0, 12, 11, 3);
    public static readonly SystemRegisterEncoding IccSgi1rEl1 = E(3, 0, 12, 11, 5);
    public static readonly SystemRegisterEncoding IccAsgi1rEl1 = E(3, 0, 12, 11, 6);
    public static readonly SystemRegisterEncoding IccSgi0rEl1 = E(3, 0, 12, 11, 7);
    public static readonly SystemRegisterEncoding IccIar1El1 = E(3, 0, 12, 12, 0);
    public static readonly SystemRegisterEncoding IccEoir1El1 = E(3, 0, 12, 12, 1);
    public static readonly SystemRegisterEncoding IccHppir1El1 = E(3, 0, 12, 12, 2);
    public static readonly SystemRegisterEncoding IccBpr1El1 = E(3, 0, 12, 12, 3);
    public static readonly SystemRegisterEncoding IccCtlrEl1 = E(3, 0, 12, 12, 4);
    public static readonly SystemRegisterEncoding IccSreEl1 = E(3, 0, 12, 12, 5);
    public static readonly SystemRegisterEncoding IccIgrpen0El1 = E(3, 0, 12, 12, 6);
    public static readonly SystemRegisterEncoding IccIgrpen1El1 = E(3, 0, 12, 12, 7);
    public static readonly SystemRegisterEncoding IccSreEl2 = E(3, 4, 12, 9, 5);
    public static readonly SystemRegisterEncoding IccSreEl3 = E(3, 6, 12, 12, 5);

    /// <summary>ICC_AP0R&lt;n&gt;_EL1, n = 0..3.</summary>
    public static SystemRegisterEncoding IccAp0rEl1(int n) => E(3, 0, 12, 8, 4 + n);

    /// <summary>ICC_AP1R&lt;n&gt;_EL1, n = 0..3.</summary>
    public static SystemRegisterEncoding IccAp1rEl1(int n) => E(3, 0, 12, 9, n);

    // Debug (op0=2; DDI0487 D24.3).
    public static readonly SystemRegisterEncoding MdccintEl1 = E(2, 0, 0, 2, 0);
    public static readonly SystemRegisterEncoding MdscrEl1 = E(2, 0, 0, 2, 2);
    public static readonly SystemRegisterEncoding MdrarEl1 = E(2, 0, 1, 0, 0);
    public static readonly SystemRegisterEncoding OslarEl1 = E(2, 0, 1, 0, 4);
    public static readonly SystemRegisterEncoding OslsrEl1 = E(2, 0, 1, 1, 4);
    public static readonly SystemRegisterEncoding OsdlrEl1 = E(2, 0, 1, 3, 4);
    public static readonly SystemRegisterEncoding DbgprcrEl1 = E(2, 0, 1, 4, 4);
    public static readonly SystemRegisterEncoding DbgclaimsetEl1 = E(2, 0, 7, 8, 6);
    public static readonly SystemRegisterEncoding DbgclaimclrEl1 = E(2, 0, 7, 9, 6);
    public static readonly SystemRegisterEncoding DbgauthstatusEl1 = E(2, 0, 7, 14, 6);

    /// <summary>DBGBVR&lt;n&gt;_EL1.</summary>
    public static SystemRegisterEncoding DbgbvrEl1(int n) => E(2, 0, 0, n, 4);

    /// <summary>DBGBCR&lt;n&gt;_EL1.</summary>
    public static SystemRegisterEncoding DbgbcrEl1(int n) => E(2, 0, 0, n, 5);

    /// <summary>DBGWVR&lt;n&gt;_EL1.</summary>
    public static SystemRegisterEncoding DbgwvrEl1(int n) => E(2, 0, 0, n, 6);

    /// <summary>DBGWCR&lt;n&gt;_EL1.</summary>
    public static SystemRegisterEncoding DbgwcrEl1(int n) => E(2, 0, 0, n, 7);

    // Performance monitors (DDI0487 D24.5).
    public static readonly SystemRegisterEncoding PmcrEl0 = E(3, 3, 9, 12, 0);
    public static readonly SystemRegisterEncoding PmcntensetEl0 = E(3, 3, 9, 12, 1);
    public static readonly SystemRegisterEncoding PmcntenclrEl0 = E(3, 3, 9, 12, 2);
    public static readonly SystemRegisterEncoding PmovsclrEl0 = E(3, 3, 9, 12, 3);
    public static readonly SystemRegisterEncoding PmselrEl0 = E(3, 3, 9, 12, 5);
    public static readonly SystemRegisterEncoding PmccntrEl0 = E(3, 3, 9, 13, 0);
    public static readonly SystemRegisterEncoding PmuserenrEl0 = E(3, 3, 9, 14, 0);
    public static readonly SystemRegisterEncoding PmovssetEl0 = E(3, 3, 9, 14, 3);
    public static readonly SystemRegisterEncoding PmintensetEl1 = E(3, 0, 9, 14, 1);
    public static readonly SystemRegisterEncoding PmintenclrEl1 = E(3, 0, 9, 14, 2);
    public static readonly SystemRegisterEncoding PmccfiltrEl0 = E(3, 3, 14, 15, 7);
    public static readonly SystemRegisterEncoding PmswincEl0 = E(3, 3, 9, 12, 4);
    public static readonly SystemRegisterEncoding Pmceid0El0 = E(3, 3, 9, 12, 6);
    public static readonly SystemRegisterEncoding Pmceid1El0 = E(3, 3, 9, 12, 7);
    public static readonly SystemRegisterEncoding PmxevtyperEl0 = E(3, 3, 9, 13, 1);
    public static readonly SystemRegisterEncoding PmxevcntrEl0 = E(3, 3, 9, 13, 2);

    /// <summary>PMEVCNTR&lt;n&gt;_EL0: op0=3, op1=3, CRn=14, CRm=0b10:n[4:3], op2=n[2:0].</summary>
    public static SystemRegisterEncoding PmevcntrEl0(int n) => E(3, 3, 14, 0b1000 | (n >> 3), n & 7);

    /// <summary>PMEVTYPER&lt;n&gt;_EL0: op0=3, op1=3, CRn=14, CRm=0b11:n[4:3], op2=n[2:0].</summary>
    public static SystemRegisterEncoding PmevtyperEl0(int n) => E(3, 3, 14, 0b1100 | (n >> 3), n & 7);

    // EL2 (owned by the hypervisor-core agent).
    public static readonly SystemRegisterEncoding VpidrEl2 = E(3, 4, 0, 0, 0);
    public static readonly SystemRegisterEncoding VmpidrEl2 = E(3, 4, 0, 0, 5);
    public static readonly SystemRegisterEncoding SctlrEl2 = E(3, 4, 1, 0, 0);
    public static readonly SystemRegisterEncoding HcrEl2 = E(3, 4, 1, 1, 0);
    public static readonly SystemRegisterEncoding MdcrEl2 = E(3, 4, 1, 1, 1);
    public static readonly SystemRegisterEncoding CptrEl2 = E(3, 4, 1, 1, 2);
    public static readonly SystemRegisterEncoding HstrEl2 = E(3, 4, 1, 1, 3);
    public static readonly SystemRegisterEncoding HacrEl2 = E(3, 4, 1, 1, 7);
    public static readonly SystemRegisterEncoding Ttbr0El2 = E(3, 4, 2, 0, 0);
    public static readonly SystemRegisterEncoding TcrEl2 = E(3, 4, 2, 0, 2);
    public static readonly SystemRegisterEncoding VttbrEl2 = E(3, 4, 2, 1, 0);
    public static readonly SystemRegisterEncoding VtcrEl2 = E(3, 4, 2, 1, 2);
    public static readonly SystemRegisterEncoding SpsrEl2 = E(3, 4, 4, 0, 0);
    public static readonly SystemRegisterEncoding ElrEl2 = E(3, 4, 4, 0, 1);
    public static readonly SystemRegisterEncoding SpEl1 = E(3, 4, 4, 1, 0);
    public static readonly SystemRegisterEncoding EsrEl2 = E(3, 4, 5, 2, 0);
    public static readonly SystemRegisterEncoding FarEl2 = E(3, 4, 6, 0, 0);
    public static readonly SystemRegisterEncoding HpfarEl2 = E(3, 4, 6, 0, 4);
    public static readonly SystemRegisterEncoding MairEl2 = E(3, 4, 10, 2, 0);
    public static readonly SystemRegisterEncoding VbarEl2 = E(3, 4, 12, 0, 0);
    public static readonly SystemRegisterEncoding TpidrEl2 = E(3, 4, 13, 0, 2);

    // EL3 (owned by the secure-monitor agent).
    public static readonly SystemRegisterEncoding SctlrEl3 = E(3, 6, 1, 0, 0);
    public static readonly SystemRegisterEncoding ScrEl3 = E(3, 6, 1, 1, 0);
    public static readonly SystemRegisterEncoding CptrEl3 = E(3, 6, 1, 1, 2);
    public static readonly SystemRegisterEncoding MdcrEl3 = E(3, 6, 1, 3, 1);
    public static readonly SystemRegisterEncoding SpsrEl3 = E(3, 6, 4, 0, 0);
    public static readonly SystemRegisterEncoding ElrEl3 = E(3, 6, 4, 0, 1);
    public static readonly SystemRegisterEncoding EsrEl3 = E(3, 6, 5, 2, 0);
    public static readonly SystemRegisterEncoding FarEl3 = E(3, 6, 6, 0, 0);
    public static readonly SystemRegisterEncoding VbarEl3 = E(3, 6, 12, 0, 0);

    // System instructions (op0=1): cache maintenance (C5.3.1), address translation (C5.3.2), TLB maintenance (C5.3.3).
    public static readonly SystemRegisterEncoding IcIalluis = E(1, 0, 7, 1, 0);
    public static readonly SystemRegisterEncoding IcIallu = E(1, 0, 7, 5, 0);
    public static readonly SystemRegisterEncoding IcIvau = E(1, 3, 7, 5, 1);
    public static readonly SystemRegisterEncoding DcIvac = E(1, 0, 7, 6, 1);
    public static readonly SystemRegisterEncoding DcIsw = E(1, 0, 7, 6, 2);
    public static readonly SystemRegisterEncoding DcCsw = E(1, 0, 7, 10, 2);
    public static readonly SystemRegisterEncoding DcCisw = E(1, 0, 7, 14, 2);
    public static readonly SystemRegisterEncoding DcZva = E(1, 3, 7, 4, 1);
    public static readonly SystemRegisterEncoding DcCvac = E(1, 3, 7, 10, 1);
    public static readonly SystemRegisterEncoding DcCvau = E(1, 3, 7, 11, 1);
    public static readonly SystemRegisterEncoding DcCivac = E(1, 3, 7, 14, 1);
    public static readonly SystemRegisterEncoding AtS1e1r = E(1, 0, 7, 8, 0);
    public static readonly SystemRegisterEncoding AtS1e1w = E(1, 0, 7, 8, 1);
    public static readonly SystemRegisterEncoding AtS1e0r = E(1, 0, 7, 8, 2);
    public static readonly SystemRegisterEncoding AtS1e0w = E(1, 0, 7, 8, 3);
    public static readonly SystemRegisterEncoding TlbiVmalle1is = E(1, 0, 8, 3, 0);
    public static readonly SystemRegisterEncoding TlbiVae1is = E(1, 0, 8, 3, 1);
    public static readonly SystemRegisterEncoding TlbiAside1is = E(1, 0, 8, 3, 2);
    public static readonly SystemRegisterEncoding TlbiVaae1is = E(1, 0, 8, 3, 3);
    public static readonly SystemRegisterEncoding TlbiVale1is = E(1, 0, 8, 3, 5);
    public static readonly SystemRegisterEncoding TlbiVaale1is = E(1, 0, 8, 3, 7);
    public static readonly SystemRegisterEncoding TlbiVmalle1 = E(1, 0, 8, 7, 0);
    public static readonly SystemRegisterEncoding TlbiVae1 = E(1, 0, 8, 7, 1);
    public static readonly SystemRegisterEncoding TlbiAside1 = E(1, 0, 8, 7, 2);
    public static readonly SystemRegisterEncoding TlbiVaae1 = E(1, 0, 8, 7, 3);
    public static readonly SystemRegisterEncoding TlbiVale1 = E(1, 0, 8, 7, 5);
    public static readonly SystemRegisterEncoding TlbiVaale1 = E(1, 0, 8, 7, 7);
}
