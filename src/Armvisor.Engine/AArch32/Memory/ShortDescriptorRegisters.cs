namespace Armvisor.Engine.AArch32.Memory;

/// <summary>
/// The translation controls a short-descriptor walk reads (DDI0487 G5.5): SCTLR (M, AFE, TRE), TTBCR (N, PD0, PD1),
/// TTBR0/TTBR1, DACR and, with TEX remap, PRRR/NMRR. A value, so a DACR-virtualizing agent can walk with its own view.
/// </summary>
public readonly record struct ShortDescriptorRegisters(uint Sctlr, uint Ttbcr, uint Ttbr0, uint Ttbr1, uint Dacr, uint Prrr, uint Nmrr)
{
    public bool MmuEnabled => (Sctlr & 1) != 0;

    /// <summary>SCTLR.AFE (bit 29): AP[0] is an access flag (the simplified access permissions model).</summary>
    public bool AccessFlagEnabled => (Sctlr & (1u << 29)) != 0;

    /// <summary>SCTLR.TRE (bit 28): TEX[0]:C:B index PRRR/NMRR (TEX remap).</summary>
    public bool TexRemap => (Sctlr & (1u << 28)) != 0;
}
