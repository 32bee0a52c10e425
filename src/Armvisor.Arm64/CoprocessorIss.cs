namespace Armvisor.Arm64;

/// <summary>
/// ISS for a trapped AArch32 MCR/MRC (EC 0x03 CP15, 0x05 CP14) or MCRR/MRRC (EC 0x04 CP15, 0x0C CP14) (DDI0487
/// D24.2.40 "ISS encoding for an exception from an MCR or MRC access" / "... MCRR or MRRC access"). Rt and Rt2 are
/// reported in the AArch64 view of the general-purpose registers.
/// </summary>
public readonly record struct CoprocessorIss(uint Value, bool IsTwoRegister)
{
    /// <summary>Direction, bit [0]: 1 for a read (MRC/MRRC), 0 for a write (MCR/MCRR).</summary>
    public bool IsRead => (Value & 1) != 0;

    /// <summary>Rt, bits [9:5].</summary>
    public int Register => (int)((Value >> 5) & 0x1F);

    /// <summary>Rt2, bits [14:10] (MCRR/MRRC only).</summary>
    public int Register2 => IsTwoRegister ? (int)((Value >> 10) & 0x1F) : 0;

    /// <summary>Opc1: bits [16:14] of MCR/MRC, bits [19:16] of MCRR/MRRC.</summary>
    public int Opc1 => IsTwoRegister ? (int)((Value >> 16) & 0xF) : (int)((Value >> 14) & 7);

    /// <summary>Opc2, bits [19:17] (MCR/MRC only).</summary>
    public int Opc2 => IsTwoRegister ? 0 : (int)((Value >> 17) & 7);

    /// <summary>CRn, bits [13:10] (MCR/MRC only).</summary>
    public int CRn => IsTwoRegister ? 0 : (int)((Value >> 10) & 0xF);

    /// <summary>CRm, bits [4:1].</summary>
    public int CRm => (int)((Value >> 1) & 0xF);
}
