using System.Buffers.Binary;

namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>
/// The few A64 instructions the test guests need, encoded from DDI0487 C6.2 (each method names its encoding), written
/// at byte offsets of an image so that PC-relative forms know where they are.
/// </summary>
internal sealed class GuestCode(byte[] image, int offset)
{
    private int _offset = offset;

    public int Offset => _offset;

    /// <summary>B label (C6.2.26): 0b000101 imm26.</summary>
    public GuestCode Branch(int target) => Emit(0x1400_0000u | ((uint)((target - _offset) >> 2) & 0x03FF_FFFF));

    /// <summary>ADR Xd, label (C6.2.11): op 0, immlo [30:29], immhi [23:5].</summary>
    public GuestCode Adr(int rd, int target)
    {
        int delta = target - _offset;
        return Emit(0x1000_0000u | ((uint)(delta & 3) << 29) | (((uint)(delta >> 2) & 0x7FFFF) << 5) | (uint)rd);
    }

    /// <summary>WFE (C6.2.390).</summary>
    public GuestCode Wfe() => Emit(0xD503_205F);

    /// <summary>LDR Wt, [Xn, #imm] (C6.2.167, unsigned offset, size 10).</summary>
    public GuestCode LdrWord(int rt, int rn, int imm) => Emit(0xB940_0000u | ((uint)(imm / 4) << 10) | ((uint)rn << 5) | (uint)rt);

    /// <summary>LDR Xt, [Xn, #imm] (C6.2.167, unsigned offset, size 11).</summary>
    public GuestCode LdrDoubleword(int rt, int rn, int imm) => Emit(0xF940_0000u | ((uint)(imm / 8) << 10) | ((uint)rn << 5) | (uint)rt);

    /// <summary>STR Wt, [Xn, #imm] (C6.2.322, unsigned offset, size 10); Wt = 31 is WZR.</summary>
    public GuestCode StrWord(int rt, int rn, int imm) => Emit(0xB900_0000u | ((uint)(imm / 4) << 10) | ((uint)rn << 5) | (uint)rt);

    /// <summary>STR Xt, [Xn, #imm] (C6.2.322, unsigned offset, size 11).</summary>
    public GuestCode StrDoubleword(int rt, int rn, int imm) => Emit(0xF900_0000u | ((uint)(imm / 8) << 10) | ((uint)rn << 5) | (uint)rt);

    /// <summary>CBZ Wt, label (C6.2.48, sf 0).</summary>
    public GuestCode CbzWord(int rt, int target) => Emit(0x3400_0000u | (((uint)((target - _offset) >> 2) & 0x7FFFF) << 5) | (uint)rt);

    /// <summary>MOVZ Wd, #imm16 then MOVK Wd, #imm16, LSL #16 (C6.2.226, C6.2.225).</summary>
    public GuestCode MovWord(int rd, uint value) =>
        Emit(0x5280_0000u | ((value & 0xFFFF) << 5) | (uint)rd).Emit(0x72A0_0000u | ((value >> 16) << 5) | (uint)rd);

    /// <summary>MSR ICC_SGI1R_EL1, Xt (C6.2.232: L 0, op0 3, op1 0, CRn 12, CRm 11, op2 5; IHI0069 §12.2.21).</summary>
    public GuestCode MsrIccSgi1r(int rt) => Emit(0xD518_CBA0u | (uint)rt);

    /// <summary>MRS Xt, MPIDR_EL1 (C6.2.230: L 1, op0 3 in [20:19], op1 0, CRn 0, CRm 0, op2 5; DDI0487 D23.2).</summary>
    public GuestCode MrsMpidr(int rt) => Emit(0xD538_00A0u | (uint)rt);

    /// <summary>HVC #0 (C6.2.142).</summary>
    public GuestCode Hvc() => Emit(0xD400_0002);

    private GuestCode Emit(uint word)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(_offset), word);
        _offset += 4;
        return this;
    }
}
