namespace Armvisor.Engine.AArch32.System;

/// <summary>
/// One AArch32 CP15 encoding (MRC/MCR p15, opc1, Rt, CRn, CRm, opc2, or MRRC/MCRR p15, opc1, Rt, Rt2, CRm) and the
/// row of the one System-register table it is architecturally mapped to (DDI0487 G8.2, "General system control
/// registers": e.g. DFSR is ESR_EL1[31:0], IFAR is FAR_EL1[63:32]). The access checks, traps, EL0 rules and storage are
/// that row's; only the AArch32 view (which half, which bits are writable in AArch32) is declared here.
/// </summary>
/// <param name="Name">The AArch32 mnemonic.</param>
/// <param name="Key">The encoding key (<see cref="Cp15RegisterTable.Key32"/> or <see cref="Cp15RegisterTable.Key64"/>).</param>
/// <param name="Target">The Arm name of the mapped AArch64 register or System instruction row.</param>
/// <param name="Part">Which half of the target a 32-bit access reaches.</param>
/// <param name="AArch32Writable">Bits an AArch32 write can change, when the AArch32 view has its own RES0/RES1 rules
/// (SCTLR, TTBCR); null: the target row's masks.</param>
internal sealed record Cp15Register(string Name, int Key, string Target, Cp15Part Part = Cp15Part.Low, ulong? AArch32Writable = null)
{
    /// <summary>The mapped AArch64 row's index in the System-register table (set when the table is built).</summary>
    public ushort TargetKey { get; init; }

    /// <summary>CP15DSB/CP15DMB/CP15ISB: a barrier (no trap control; the target row is only the table's anchor).</summary>
    public bool Barrier { get; init; }

    /// <summary>A write changes the ASID of the short-descriptor regime (CONTEXTIDR): the TLB is flushed.</summary>
    public bool ChangesAsid { get; init; }

    /// <summary>The value a read returns when the AArch32 register has no AArch64 counterpart holding it (DBGDIDR:
    /// DDI0487 G8.3.x derives it from ID_AA64DFR0_EL1); the target row then only supplies the access check.</summary>
    public ulong? ConstantValue { get; init; }

    /// <summary>The AArch32 view is read-only although the target is not (DBGDSCRint reads MDSCR_EL1): a write is UNDEFINED.</summary>
    public bool ReadOnly { get; init; }

    /// <summary>A CP14 (debug) encoding rather than CP15.</summary>
    public bool IsCp14 => (Key & Cp15RegisterTable.Cp14) != 0;

    /// <summary>An MCRR/MRRC (64-bit) encoding.</summary>
    public bool Is64 => (Key & Cp15RegisterTable.Wide) != 0;
}
