using System.Collections.Frozen;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.System;

/// <summary>
/// The AArch32 encodings of the System registers and System instructions (MRC/MCR/MRRC/MCRR p15, and the CP14 debug
/// registers an ARMv7 kernel programs: MRC/MCR p14, opc1 = 0), each a row that
/// names the row of the one System-register table it is mapped to (DDI0487 G8.2 and the "Configurations" text of each
/// AArch32 register: "AArch32 System register X[31:0] is architecturally mapped to AArch64 System register Y[31:0]").
/// Encodings not declared here are UNDEFINED. The registers that exist only for AArch32 EL1 (DACR, IFSR, FPEXC and the
/// banked SPSRs) are the EL2 rows DACR32_EL2, IFSR32_EL2, FPEXC32_EL2, SPSR_abt/und/irq/fiq.
/// </summary>
internal static class Cp15RegisterTable
{
    internal const int Wide = 1 << 16;

    /// <summary>Key bit of a CP14 encoding.</summary>
    internal const int Cp14 = 1 << 17;

    /// <summary>AArch32 SCTLR bits an MCR can change (DDI0487 G8.2.139): M A C nTLSMD LSMAOE CP15BEN ITD SED I V nTWI
    /// nTWE WXN UWXN EE TRE AFE TE, and bit 11 (RES1 in Armv8, the ARMv7 Z bit a Cortex-A15 resets to 0). Bit 6 and
    /// bits 22, 23 keep their reset value of one; bit 10 (SW in ARMv7, EnRCTX in Armv8) is RAZ/WI, as on QEMU's
    /// Cortex-A15 ("cr=10c5387d" after Linux's __v7_setup).</summary>
    internal const ulong SctlrWritable = (1UL << 0) | (1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 4) | (1UL << 5)
        | (1UL << 7) | (1UL << 8) | (1UL << 11) | (1UL << 12) | (1UL << 13) | (1UL << 16) | (1UL << 18) | (1UL << 19)
        | (1UL << 20) | (1UL << 25) | (1UL << 28) | (1UL << 29) | (1UL << 30);

    /// <summary>SCTLR reset as on Cortex-A15 and QEMU's virt (MMU, caches off; RES1 bits set).</summary>
    internal const uint SctlrReset = 0x00C5_0078;

    /// <summary>TTBCR (DDI0487 G8.2.168): N, PD0, PD1 with EAE=0; T0SZ, EPD0, IRGN0.. T1SZ.., EAE with EAE=1.</summary>
    private const ulong TtbcrWritable = 0xF7F7_7FBF;

    public static FrozenDictionary<int, Cp15Register> ByKey { get; } = Build();

    public static int Key32(int opc1, int crn, int crm, int opc2) => (opc1 << 11) | (crn << 7) | (crm << 3) | opc2;

    public static int Key64(int opc1, int crm) => Wide | (opc1 << 4) | crm;

    /// <summary>The key of MRC/MCR p14 (the debug registers, DDI0487 G8.3).</summary>
    public static int Key32Cp14(int opc1, int crn, int crm, int opc2) => Cp14 | Key32(opc1, crn, crm, opc2);

    private static FrozenDictionary<int, Cp15Register> Build()
    {
        var rows = new List<Cp15Register>
        {
            // Identification (G8.2: MIDR, CTR, MPIDR, REVIDR, ID_*, CCSIDR, CLIDR, AIDR, CSSELR).
            R("MIDR", 0, 0, 0, 0, "MIDR_EL1"),
            R("CTR", 0, 0, 0, 1, "CTR_EL0"),
            R("MPIDR", 0, 0, 0, 5, "MPIDR_EL1"),
            R("REVIDR", 0, 0, 0, 6, "REVIDR_EL1"),
            R("ID_PFR0", 0, 0, 1, 0, "ID_PFR0_EL1"), R("ID_PFR1", 0, 0, 1, 1, "ID_PFR1_EL1"),
            R("ID_DFR0", 0, 0, 1, 2, "ID_DFR0_EL1"), R("ID_AFR0", 0, 0, 1, 3, "ID_AFR0_EL1"),
            R("ID_MMFR0", 0, 0, 1, 4, "ID_MMFR0_EL1"), R("ID_MMFR1", 0, 0, 1, 5, "ID_MMFR1_EL1"),
            R("ID_MMFR2", 0, 0, 1, 6, "ID_MMFR2_EL1"), R("ID_MMFR3", 0, 0, 1, 7, "ID_MMFR3_EL1"),
            R("ID_ISAR0", 0, 0, 2, 0, "ID_ISAR0_EL1"), R("ID_ISAR1", 0, 0, 2, 1, "ID_ISAR1_EL1"),
            R("ID_ISAR2", 0, 0, 2, 2, "ID_ISAR2_EL1"), R("ID_ISAR3", 0, 0, 2, 3, "ID_ISAR3_EL1"),
            R("ID_ISAR4", 0, 0, 2, 4, "ID_ISAR4_EL1"), R("ID_ISAR5", 0, 0, 2, 5, "ID_ISAR5_EL1"),
            R("ID_MMFR4", 0, 0, 2, 6, "ID_MMFR4_EL1"),
            R("CCSIDR", 1, 0, 0, 0, "CCSIDR_EL1"),
            R("CLIDR", 1, 0, 0, 1, "CLIDR_EL1"),
            R("AIDR", 1, 0, 0, 7, "AIDR_EL1"),
            R("CSSELR", 2, 0, 0, 0, "CSSELR_EL1"),

            // System control, translation, faults (G8.2.139 SCTLR, .1 ACTLR, .30 CPACR, .172/.174 TTBR0/1, .168 TTBCR,
            // .33 DACR, .34 DFSR, .84 IFSR, .32 DFAR, .83 IFAR, .117 PAR, .124/.111 PRRR/NMRR, .9 AMAIR0/1, .175 VBAR).
            R("SCTLR", 0, 1, 0, 0, "SCTLR_EL1") with { AArch32Writable = SctlrWritable },
            R("ACTLR", 0, 1, 0, 1, "ACTLR_EL1"),
            R("CPACR", 0, 1, 0, 2, "CPACR_EL1"),
            R("TTBR0", 0, 2, 0, 0, "TTBR0_EL1") with { AArch32Writable = 0xFFFF_FFFF },
            R("TTBR1", 0, 2, 0, 1, "TTBR1_EL1") with { AArch32Writable = 0xFFFF_FFFF },
            R("TTBCR", 0, 2, 0, 2, "TCR_EL1") with { AArch32Writable = TtbcrWritable },
            R("DACR", 0, 3, 0, 0, "DACR32_EL2"),
            R("DFSR", 0, 5, 0, 0, "ESR_EL1"),
            R("IFSR", 0, 5, 0, 1, "IFSR32_EL2"),
            R("ADFSR", 0, 5, 1, 0, "AFSR0_EL1"),
            R("AIFSR", 0, 5, 1, 1, "AFSR1_EL1"),
            R("DFAR", 0, 6, 0, 0, "FAR_EL1"),
            R("IFAR", 0, 6, 0, 2, "FAR_EL1", Cp15Part.High),
            R("PAR", 0, 7, 4, 0, "PAR_EL1"),
            R("PRRR", 0, 10, 2, 0, "MAIR_EL1"),
            R("NMRR", 0, 10, 2, 1, "MAIR_EL1", Cp15Part.High),
            R("AMAIR0", 0, 10, 3, 0, "AMAIR_EL1"),
            R("AMAIR1", 0, 10, 3, 1, "AMAIR_EL1", Cp15Part.High),
            R("VBAR", 0, 12, 0, 0, "VBAR_EL1") with { AArch32Writable = 0xFFFF_FFE0 }, // AArch32 VBAR is 32-byte aligned (G8.2.175)
            R("ISR", 0, 12, 1, 0, "ISR_EL1"),
            R("CONTEXTIDR", 0, 13, 0, 1, "CONTEXTIDR_EL1") with { ChangesAsid = true },
            R("TPIDRURW", 0, 13, 0, 2, "TPIDR_EL0"),
            R("TPIDRURO", 0, 13, 0, 3, "TPIDRRO_EL0"),
            R("TPIDRPRW", 0, 13, 0, 4, "TPIDR_EL1"),

            // Generic timer (G8.7 / D11: CNTFRQ, CNTKCTL, CNTP_*, CNTV_*; the 64-bit counters and compare values by MRRC/MCRR).
            R("CNTFRQ", 0, 14, 0, 0, "CNTFRQ_EL0"),
            R("CNTKCTL", 0, 14, 1, 0, "CNTKCTL_EL1"),
            R("CNTP_TVAL", 0, 14, 2, 0, "CNTP_TVAL_EL0"),
            R("CNTP_CTL", 0, 14, 2, 1, "CNTP_CTL_EL0"),
            R("CNTV_TVAL", 0, 14, 3, 0, "CNTV_TVAL_EL0"),
            R("CNTV_CTL", 0, 14, 3, 1, "CNTV_CTL_EL0"),
            W("TTBR0_64", 0, 2, "TTBR0_EL1"),
            W("TTBR1_64", 1, 2, "TTBR1_EL1"),
            W("PAR_64", 0, 7, "PAR_EL1"),
            W("CNTPCT", 0, 14, "CNTPCT_EL0"),
            W("CNTVCT", 1, 14, "CNTVCT_EL0"),
            W("CNTP_CVAL", 2, 14, "CNTP_CVAL_EL0"),
            W("CNTV_CVAL", 3, 14, "CNTV_CVAL_EL0"),

            // GICv3 CPU interface (IHI0069 12.1.x, the AArch32 encodings of ICC_*: CRn = c12 (PMR c4, c6), the SGI
            // registers by MCRR); accesses trap to the EL2 agent as the ICC_*_EL1 rows say, with EC 0x03/0x04.
            R("ICC_PMR", 0, 4, 6, 0, "ICC_PMR_EL1"),
            R("ICC_IAR0", 0, 12, 8, 0, "ICC_IAR0_EL1"),
            R("ICC_EOIR0", 0, 12, 8, 1, "ICC_EOIR0_EL1"),
            R("ICC_HPPIR0", 0, 12, 8, 2, "ICC_HPPIR0_EL1"),
            R("ICC_BPR0", 0, 12, 8, 3, "ICC_BPR0_EL1"),
            R("ICC_AP0R0", 0, 12, 8, 4, "ICC_AP0R0_EL1"),
            R("ICC_AP0R1", 0, 12, 8, 5, "ICC_AP0R1_EL1"),
            R("ICC_AP0R2", 0, 12, 8, 6, "ICC_AP0R2_EL1"),
            R("ICC_AP0R3", 0, 12, 8, 7, "ICC_AP0R3_EL1"),
            R("ICC_AP1R0", 0, 12, 9, 0, "ICC_AP1R0_EL1"),
            R("ICC_AP1R1", 0, 12, 9, 1, "ICC_AP1R1_EL1"),
            R("ICC_AP1R2", 0, 12, 9, 2, "ICC_AP1R2_EL1"),
            R("ICC_AP1R3", 0, 12, 9, 3, "ICC_AP1R3_EL1"),
            R("ICC_DIR", 0, 12, 11, 1, "ICC_DIR_EL1"),
            R("ICC_RPR", 0, 12, 11, 3, "ICC_RPR_EL1"),
            R("ICC_IAR1", 0, 12, 12, 0, "ICC_IAR1_EL1"),
            R("ICC_EOIR1", 0, 12, 12, 1, "ICC_EOIR1_EL1"),
            R("ICC_HPPIR1", 0, 12, 12, 2, "ICC_HPPIR1_EL1"),
            R("ICC_BPR1", 0, 12, 12, 3, "ICC_BPR1_EL1"),
            R("ICC_CTLR", 0, 12, 12, 4, "ICC_CTLR_EL1"),
            R("ICC_SRE", 0, 12, 12, 5, "ICC_SRE_EL1"),
            R("ICC_IGRPEN0", 0, 12, 12, 6, "ICC_IGRPEN0_EL1"),
            R("ICC_IGRPEN1", 0, 12, 12, 7, "ICC_IGRPEN1_EL1"),
            W("ICC_SGI1R", 0, 12, "ICC_SGI1R_EL1"),
            W("ICC_ASGI1R", 1, 12, "ICC_ASGI1R_EL1"),
            W("ICC_SGI0R", 2, 12, "ICC_SGI0R_EL1"),

            // Cache, branch predictor and TLB maintenance, address translation, CP15 barriers (G8.2.x, "c7" and "c8"
            // operations), each the A64 System instruction of the same effect and trap control.
            R("ICIALLUIS", 0, 7, 1, 0, "IC IALLUIS"),
            R("BPIALLIS", 0, 7, 1, 6, "IC IALLUIS"),
            R("ICIALLU", 0, 7, 5, 0, "IC IALLU"),
            R("ICIMVAU", 0, 7, 5, 1, "IC IVAU"),
            R("CP15ISB", 0, 7, 5, 4, "IC IALLU") with { Barrier = true },
            R("BPIALL", 0, 7, 5, 6, "IC IALLU"),
            R("BPIMVA", 0, 7, 5, 7, "IC IALLU"),
            R("DCIMVAC", 0, 7, 6, 1, "DC IVAC"),
            R("DCISW", 0, 7, 6, 2, "DC ISW"),
            R("ATS1CPR", 0, 7, 8, 0, "AT S1E1R"),
            R("ATS1CPW", 0, 7, 8, 1, "AT S1E1W"),
            R("ATS1CUR", 0, 7, 8, 2, "AT S1E0R"),
            R("ATS1CUW", 0, 7, 8, 3, "AT S1E0W"),
            R("DCCMVAC", 0, 7, 10, 1, "DC CVAC"),
            R("DCCSW", 0, 7, 10, 2, "DC CSW"),
            R("CP15DSB", 0, 7, 10, 4, "DC CVAC") with { Barrier = true },
            R("CP15DMB", 0, 7, 10, 5, "DC CVAC") with { Barrier = true },
            R("DCCMVAU", 0, 7, 11, 1, "DC CVAU"),
            R("DCCIMVAC", 0, 7, 14, 1, "DC CIVAC"),
            R("DCCISW", 0, 7, 14, 2, "DC CISW"),
            R("TLBIALLIS", 0, 8, 3, 0, "TLBI VMALLE1IS"),
            R("TLBIMVAIS", 0, 8, 3, 1, "TLBI VAE1IS"),
            R("TLBIASIDIS", 0, 8, 3, 2, "TLBI ASIDE1IS"),
            R("TLBIMVAAIS", 0, 8, 3, 3, "TLBI VAAE1IS"),
            R("TLBIMVALIS", 0, 8, 3, 5, "TLBI VALE1IS"),
            R("TLBIMVAALIS", 0, 8, 3, 7, "TLBI VAALE1IS"),
            R("ITLBIALL", 0, 8, 5, 0, "TLBI VMALLE1"),
            R("ITLBIMVA", 0, 8, 5, 1, "TLBI VAE1"),
            R("ITLBIASID", 0, 8, 5, 2, "TLBI ASIDE1"),
            R("DTLBIALL", 0, 8, 6, 0, "TLBI VMALLE1"),
            R("DTLBIMVA", 0, 8, 6, 1, "TLBI VAE1"),
            R("DTLBIASID", 0, 8, 6, 2, "TLBI ASIDE1"),
            R("TLBIALL", 0, 8, 7, 0, "TLBI VMALLE1"),
            R("TLBIMVA", 0, 8, 7, 1, "TLBI VAE1"),
            R("TLBIASID", 0, 8, 7, 2, "TLBI ASIDE1"),
            R("TLBIMVAA", 0, 8, 7, 3, "TLBI VAAE1"),
            R("TLBIMVAL", 0, 8, 7, 5, "TLBI VALE1"),
            R("TLBIMVAAL", 0, 8, 7, 7, "TLBI VAALE1"),

            // Debug (CP14, DDI0487 G8.3; what arch/arm/kernel/hw_breakpoint.c programs on v7.1 debug): DBGDIDR has no
            // AArch64 register (its value is the Cortex-A15's; the access check is MDRAR_EL1's, MDCR_EL2.TDA),
            // DBGDSCRint is a read-only view of DBGDSCRext = MDSCR_EL1 (MDBGen is bit 15 in both), the OS lock and
            // power-down registers, vector catch and claim tags, and the 6 breakpoint and 4 watchpoint pairs.
            D("DBGDIDR", 0, 0, 0, "MDRAR_EL1") with { ConstantValue = CortexA15IdRegisterValues.Dbgdidr },
            D("DBGDSCRint", 0, 1, 0, "MDSCR_EL1") with { ReadOnly = true },
            D("DBGDCCINT", 0, 2, 0, "MDCCINT_EL1"),
            D("DBGDSCRext", 0, 2, 2, "MDSCR_EL1"),
            D("DBGVCR", 0, 7, 0, "DBGVCR32_EL2"),
            D("DBGDRAR", 1, 0, 0, "MDRAR_EL1"),
            D("DBGOSLAR", 1, 0, 4, "OSLAR_EL1"),
            D("DBGOSLSR", 1, 1, 4, "OSLSR_EL1"),
            D("DBGOSDLR", 1, 3, 4, "OSDLR_EL1"),
            D("DBGPRCR", 1, 4, 4, "DBGPRCR_EL1"),
            D("DBGCLAIMSET", 7, 8, 6, "DBGCLAIMSET_EL1"),
            D("DBGCLAIMCLR", 7, 9, 6, "DBGCLAIMCLR_EL1"),
            D("DBGAUTHSTATUS", 7, 14, 6, "DBGAUTHSTATUS_EL1"),

            // ThumbEE configuration (ARMv7 ARM A2.10.x: MRC/MCR p14, 6, Rt, c0/c1, c0, 0).
            new Cp15Register("TEECR", Key32Cp14(6, 0, 0, 0), "TEECR32_EL1"),
            new Cp15Register("TEEHBR", Key32Cp14(6, 1, 0, 0), "TEEHBR32_EL1"),
        };

        for (int n = 0; n < 6; n++)
        {
            rows.Add(D($"DBGBVR{n}", 0, n, 4, $"DBGBVR{n}_EL1"));
            rows.Add(D($"DBGBCR{n}", 0, n, 5, $"DBGBCR{n}_EL1"));
        }

        for (int n = 0; n < 4; n++)
        {
            rows.Add(D($"DBGWVR{n}", 0, n, 6, $"DBGWVR{n}_EL1"));
            rows.Add(D($"DBGWCR{n}", 0, n, 7, $"DBGWCR{n}_EL1"));
        }

        var byKey = new Dictionary<int, Cp15Register>();
        foreach (Cp15Register row in rows)
        {
            if (!SystemLevel.SystemRegisterTable.ByName.TryGetValue(row.Target, out SystemLevel.SystemRegisterDefinition? target))
            {
                throw new InvalidOperationException($"CP15 row {row.Name} maps to {row.Target}, which the System-register table lacks.");
            }

            if (!byKey.TryAdd(row.Key, row with { TargetKey = target.Encoding.Key }))
            {
                throw new InvalidOperationException($"CP15 table declares the encoding of {row.Name} twice.");
            }
        }

        return byKey.ToFrozenDictionary();
    }

    private static Cp15Register R(string name, int opc1, int crn, int crm, int opc2, string target, Cp15Part part = Cp15Part.Low) =>
        new(name, Key32(opc1, crn, crm, opc2), target, part);

    private static Cp15Register W(string name, int opc1, int crm, string target) => new(name, Key64(opc1, crm), target);

    /// <summary>A CP14 debug register: MRC/MCR p14, 0, Rt, CRn, CRm, opc2.</summary>
    private static Cp15Register D(string name, int crn, int crm, int opc2, string target) => new(name, Key32Cp14(0, crn, crm, opc2), target);
}
