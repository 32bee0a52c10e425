namespace Armvisor.Arm64;

/// <summary>ISS for a trapped MSR, MRS or System instruction, EC 0x18 (DDI0487 D24.2.40).</summary>
public readonly record struct SysRegIss(uint Value)
{
    /// <summary>Direction, bit [0]: 1 for a read (MRS), 0 for a write (MSR).</summary>
    public bool IsRead => (Value & 1) != 0;

    /// <summary>Rt, bits [9:5].</summary>
    public int Register => (int)((Value >> 5) & 0x1F);

    /// <summary>The encoding of the accessed register (Op0, Op1, CRn, CRm, Op2).</summary>
    public SystemRegisterEncoding Encoding => new(
        (byte)((Value >> 20) & 3), (byte)((Value >> 14) & 7), (byte)((Value >> 10) & 0xF),
        (byte)((Value >> 1) & 0xF), (byte)((Value >> 17) & 7));

    /// <summary>Builds the ISS for an access to <paramref name="encoding"/>.</summary>
    public static SysRegIss Create(SystemRegisterEncoding encoding, int register, bool isRead) =>
        new(((uint)encoding.Op0 << 20) | ((uint)encoding.Op2 << 17) | ((uint)encoding.Op1 << 14)
            | ((uint)encoding.CRn << 10) | ((uint)register << 5) | ((uint)encoding.CRm << 1) | (isRead ? 1u : 0));
}
