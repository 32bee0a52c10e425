namespace Armvisor.Engine.SystemLevel;

/// <summary>SCTLR_EL1 fields for ARMv8.0 + PAN with AArch64-only EL0 and no big-endian support (DDI0487 D24.2.118).</summary>
internal static class SctlrBits
{
    public const ulong M = 1UL << 0;
    public const ulong A = 1UL << 1;
    public const ulong C = 1UL << 2;
    public const ulong Sa = 1UL << 3;
    public const ulong Sa0 = 1UL << 4;
    public const ulong Uma = 1UL << 9;
    public const ulong I = 1UL << 12;
    public const ulong Dze = 1UL << 14;
    public const ulong Uct = 1UL << 15;
    public const ulong NTwi = 1UL << 16;
    public const ulong NTwe = 1UL << 18;
    public const ulong Wxn = 1UL << 19;
    public const ulong Span = 1UL << 23;
    public const ulong Uci = 1UL << 26;

    /// <summary>The bits this PE implements. CP15BEN (5) is RES0 without AArch32 EL0; E0E/EE are RES0 because
    /// ID_AA64MMFR0_EL1.BigEnd/BigEndEL0 = 0.</summary>
    public const ulong Writable = M | A | C | Sa | Sa0 | Uma | I | Dze | Uct | NTwi | NTwe | Wxn | Span | Uci;

    /// <summary>RES1: ITD (7) and SED (8) without AArch32 EL0; bits 11, 20, 22, 28, 29 for features this PE lacks
    /// (EOS, TSCXT, EIS, nTLSMD, LSMAOE).</summary>
    public const ulong Res1 = (1UL << 7) | (1UL << 8) | (1UL << 11) | (1UL << 20) | (1UL << 22) | (1UL << 28) | (1UL << 29);

    /// <summary>Reset value chosen for the UNKNOWN fields: MMU and caches off, SPAN=1.</summary>
    public const ulong Reset = Res1 | Span;
}
