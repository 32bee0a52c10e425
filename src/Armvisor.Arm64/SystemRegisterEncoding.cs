namespace Armvisor.Arm64;

/// <summary>The (op0, op1, CRn, CRm, op2) encoding of a System register (DDI0487 C5.3).</summary>
public readonly record struct SystemRegisterEncoding(byte Op0, byte Op1, byte CRn, byte CRm, byte Op2)
{
    /// <summary>Packed 16-bit key: op0:op1:CRn:CRm:op2, the same bit order as MRS/MSR bits [20:5].</summary>
    public ushort Key => (ushort)((Op0 << 14) | (Op1 << 11) | (CRn << 7) | (CRm << 3) | Op2);

    /// <summary>Unpacks a <see cref="Key"/>.</summary>
    public static SystemRegisterEncoding FromKey(ushort key) =>
        new((byte)(key >> 14), (byte)((key >> 11) & 7), (byte)((key >> 7) & 0xF), (byte)((key >> 3) & 0xF), (byte)(key & 7));

    public override string ToString() => $"S{Op0}_{Op1}_C{CRn}_C{CRm}_{Op2}";
}
