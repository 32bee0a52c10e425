namespace Armvisor.Engine.AArch32.System;

/// <summary>
/// The identification registers of an ARMv7-A Cortex-A15 r2p1 as QEMU's <c>-cpu cortex-a15</c> reports them (the
/// reference the armhf kernel is compared against; field layouts DDI0487 G8.2.x / the Cortex-A15 TRM §4.3): the
/// AArch32 ID_* block, the cache hierarchy (CLIDR/CCSIDR), and the CP14 debug ID (DBGDIDR). For a partition with
/// <see cref="PartitionOptions.AArch32El1"/>; an AArch64 PE reads its own values.
/// </summary>
internal static class CortexA15IdRegisterValues
{
    /// <summary>The AArch32 ID registers in the order of their encodings (CRm = 1..3, op2 = 0..7 of op0=3, op1=0,
    /// CRn=0): ID_PFR0, ID_PFR1, ID_DFR0, ID_AFR0, ID_MMFR0..3, ID_ISAR0..5, ID_MMFR4, ID_ISAR6, MVFR0..2.</summary>
    private static ReadOnlySpan<uint> Values =>
    [
        0x0000_1131, // ID_PFR0: ARM, Thumb-2, ThumbEE, Jazelle (trivial)
        0x1001_1011, // ID_PFR1: programmers' model, Security, Virtualization, generic timer; GIC = 1 (GICv3 System registers, as QEMU with gic-version=3)
        0x0201_0555, // ID_DFR0: v7.1 debug (CP14, memory-mapped), PMUv2
        0x0000_0000, // ID_AFR0
        0x1020_1105, // ID_MMFR0: VMSAv7 with PXN and long descriptors, inner/outer shareable
        0x2000_0000, // ID_MMFR1: branch predictor needs no invalidation on TLB/ASID changes except by BPIALL
        0x0124_0000, // ID_MMFR2: WFI, barriers by CP15, unified TLB maintenance
        0x0210_2211, // ID_MMFR3: cache maintenance by MVA and set/way, BP maintenance, coherent walk
        0x0210_1110, // ID_ISAR0: SDIV/UDIV, debug, coprocessor, CMP/branch, bitfield, bit-counting, swap
        0x1311_2111, // ID_ISAR1
        0x2123_2041, // ID_ISAR2
        0x1111_2131, // ID_ISAR3
        0x1001_1142, // ID_ISAR4
        0x0000_0000, // ID_ISAR5: no crypto, CRC32
        0x0000_0000, // ID_MMFR4
        0x0000_0000, // ID_ISAR6
        VfpIdentification.Mvfr0, // MVFR0 (the one value VMRS reads too)
        VfpIdentification.Mvfr1, // MVFR1
        0x0000_0000, // MVFR2
    ];

    /// <summary>CLIDR: L1 separate I/D, L2 unified, LoUIS = 1, LoC = 2 (Cortex-A15 TRM §4.3.23).</summary>
    public const ulong Clidr = 0x0A20_0023;

    /// <summary>DBGDIDR: WRPs = 4, BRPs = 6, CTX_CMPs = 2, Version = 0b0101 (v7.1 debug), DEVID_imp, nSUHD_imp, PCSR_imp, SE_imp.</summary>
    public const uint Dbgdidr = 0x3515_F021;

    /// <summary>The value of the <paramref name="index"/>-th AArch32 ID register (see <see cref="Values"/>).</summary>
    public static ulong AArch32IdRegister(int index) => (uint)index < (uint)Values.Length ? Values[index] : 0;

    /// <summary>CCSIDR selected by CSSELR (Level:InD): 32 KB 2-way L1 D and I caches, a 4 MB 16-way L2, 64-byte lines.</summary>
    public static ulong Ccsidr(ulong csselr) => (csselr & 0xF) switch
    {
        0b0000 => 0x701F_E00A,
        0b0001 => 0x201F_E00A,
        0b0010 => 0x711F_E07A,
        _ => 0,
    };
}
