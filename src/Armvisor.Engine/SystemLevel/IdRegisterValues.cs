namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The identification register values of a Cortex-A72-class ARMv8.0 PE, AArch64-only at EL0/EL1, with FP/AdvSIMD,
/// GICv3 System registers and PAN, and without crypto, CRC32, LSE, SVE, MTE, PAC, RAS, AMU, or AArch32
/// (field layouts: DDI0487 D24.2; what Linux reads: linux-platform.md §3). Every vCPU of a partition gets identical
/// values apart from MPIDR_EL1, so Linux's cross-CPU sanity check passes.
/// </summary>
internal static class IdRegisterValues
{
    /// <summary>ID_AA64PFR0_EL1: EL0=1, EL1=1 (AArch64 only), EL2/EL3 per the agents, FP=0, AdvSIMD=0 (implemented), GIC=1, CSV2=1, CSV3=1.</summary>
    public static ulong Aa64Pfr0(CpuIdentity id) =>
        Field(0, 1) | Field(4, 1) | Field(8, id.Options.HasEl2 ? 1UL : 0) | Field(12, id.Options.HasEl3 ? 1UL : 0)
        | Field(16, 0) | Field(20, 0) | Field(24, 1)
        // CSV2/CSV3: an interpreter has no branch-target or data speculation, so Spectre-v2 and Meltdown do not apply.
        | Field(56, 1) | Field(60, 1);

    /// <summary>ID_AA64DFR0_EL1: DebugVer=6 (ARMv8.0 debug), PMUVer=1 (PMUv3, <see cref="PerformanceMonitors"/>), BRPs=5 (6), WRPs=3 (4), CTX_CMPs=1 (2), as on Cortex-A72.</summary>
    public const ulong Aa64Dfr0 = 0x6 | (1UL << 8) | (5UL << 12) | (3UL << 20) | (1UL << 28);

    /// <summary>ID_AA64ISAR0_EL1: no AES, SHA, CRC32, LSE atomics, RDM, RNDR or range TLBI.</summary>
    public const ulong Aa64Isar0 = 0;

    /// <summary>ID_AA64MMFR0_EL1: PARange=0b0010 (40 bits), ASIDBits=0b0010 (16), BigEnd=0, SNSMem=0, BigEndEL0=0,
    /// TGran16=0 (absent), TGran64=0xF (absent), TGran4=0 (present); TGranX_2=0 ("as TGranX").</summary>
    public const ulong Aa64Mmfr0 = PaRangeEncoding | (2UL << 4) | (0xFUL << 24);

    /// <summary>ID_AA64MMFR1_EL1: PAN=1 (PSTATE.PAN, SCTLR_EL1.SPAN); HAFDBS=0, VMIDBits=0 (8), VH=0, HPDS=0, LO=0.</summary>
    public const ulong Aa64Mmfr1 = 1UL << 20;

    /// <summary>ID_AA64MMFR0_EL1.PARange encoding for <see cref="PhysicalAddressBits"/>.</summary>
    public const ulong PaRangeEncoding = 0b0010;

    /// <summary>The implemented physical (intermediate physical, as seen by EL1) address size.</summary>
    public const int PhysicalAddressBits = 40;

    /// <summary>CTR_EL0 of Cortex-A72: DminLine=IminLine=4 (64 bytes), L1Ip=PIPT, ERG=CWG=4, bit 31 RES1 (DDI0487 D24.2.35).</summary>
    public const ulong Ctr = 0x8444_C004;

    /// <summary>DCZID_EL0.BS = 4: DC ZVA zeroes 2^4 words = 64 bytes (DDI0487 D24.2.38).</summary>
    public const ulong DczidBlockSize = 4;

    /// <summary>Bytes DC ZVA zeroes.</summary>
    public const int DcZvaBytes = 4 << (int)DczidBlockSize;

    /// <summary>CLIDR_EL1 of Cortex-A72: L1 separate I/D, L2 unified, LoUIS=1, LoC=2, LoUU=1.</summary>
    public const ulong Clidr = 0x0A20_0023;

    /// <summary>CCSIDR_EL1 indexed by CSSELR_EL1 (Level:InD); Cortex-A72: 32 KB 2-way L1D, 48 KB 3-way L1I, 1 MB 16-way L2, 64-byte lines.</summary>
    public static ulong Ccsidr(ulong csselr) => (csselr & 0xF) switch
    {
        0b0000 => 0x701F_E00A,
        0b0001 => 0x201F_E012,
        0b0010 => 0x707F_E07A,
        _ => 0, // CSSELR selecting an unimplemented cache: CCSIDR is UNKNOWN; zero.
    };

    private static ulong Field(int lsb, ulong value) => value << lsb;
}
