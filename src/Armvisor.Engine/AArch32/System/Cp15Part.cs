namespace Armvisor.Engine.AArch32.System;

/// <summary>Which bits of the AArch64 register an AArch32 CP15 register is architecturally mapped to (DDI0487 G8.2).</summary>
internal enum Cp15Part : byte
{
    /// <summary>Bits [31:0] of a 32-bit access, or all 64 bits of an MCRR/MRRC access.</summary>
    Low,

    /// <summary>Bits [63:32] (IFAR in FAR_EL1, NMRR in MAIR_EL1, AMAIR1 in AMAIR_EL1).</summary>
    High,
}
