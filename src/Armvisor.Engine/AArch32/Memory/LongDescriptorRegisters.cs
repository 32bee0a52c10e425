namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The translation controls a long-descriptor walk reads (DDI0487 G5.4; DDI0406C B3.6): SCTLR (M, WXN, UWXN), TTBCR
/// with EAE = 1 (T0SZ, EPD0, T1SZ, A1, EPD1; G8.2.168), the 64-bit TTBR0/TTBR1 (BADDR[39:x], ASID[55:48]) and
/// MAIR0/MAIR1 as one 64-bit value (MAIR1 the high word, as MAIR_EL1[63:32]).
/// </summary>
public readonly record struct LongDescriptorRegisters(uint Sctlr, uint Ttbcr, ulong Ttbr0, ulong Ttbr1, ulong Mair)
{
    /// <summary>TTBCR.T0SZ [2:0]: TTBR0 translates VA[31:32-T0SZ] = 0.</summary>
    public int T0Size => (int)(Ttbcr & 7);

    /// <summary>TTBCR.T1SZ [18:16]: TTBR1 translates VA[31:32-T1SZ] all ones.</summary>
    public int T1Size => (int)((Ttbcr >> 16) & 7);

    /// <summary>TTBCR.EPD0 (bit 7): a TLB miss through TTBR0 is a translation fault.</summary>
    public bool WalkDisabled0 => (Ttbcr & (1u << 7)) != 0;

    /// <summary>TTBCR.EPD1 (bit 23).</summary>
    public bool WalkDisabled1 => (Ttbcr & (1u << 23)) != 0;

    /// <summary>TTBCR.A1 (bit 22): the ASID is TTBR1's, not TTBR0's.</summary>
    public bool AsidFromTtbr1 => (Ttbcr & (1u << 22)) != 0;

    /// <summary>SCTLR.WXN (bit 19): writable memory is execute-never.</summary>
    public bool WriteExecuteNever => (Sctlr & (1u << 19)) != 0;

    /// <summary>SCTLR.UWXN (bit 20): memory PL0 can write is execute-never at PL1.</summary>
    public bool UnprivilegedWriteExecuteNever => (Sctlr & (1u << 20)) != 0;
}
