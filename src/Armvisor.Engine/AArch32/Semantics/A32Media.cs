using System.Buffers.Binary;
using System.Numerics;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// A32 miscellaneous and media instructions (DDI0487 F5.1: CLZ, QADD/QSUB/QDADD/QDSUB, SXTB/SXTH/UXTB/UXTH and their
/// accumulating and 16-bit forms, PKHBT/PKHTB, SSAT/USAT, REV/REV16/REVSH/RBIT, SBFX/UBFX/BFI/BFC). A PC operand or
/// destination is UNPREDICTABLE for all of them: UNDEFINED here. Saturation sets Q.
/// </summary>
internal static unsafe class A32Media
{
    private const uint QFlag = 1u << 27;

    public static bool PrepareRdRm(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rm = (byte)(raw & 0xF);
        return d->Rd != 15 && d->Rm != 15;
    }

    public static bool PrepareRdRnRm(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        return PrepareRdRm(raw, d) && d->Rn != 15;
    }

    public static bool PrepareRdRnRmImm5(uint raw, DecodedInstruction* d)
    {
        d->Shift = (byte)((raw >> 7) & 0x1F);
        return PrepareRdRnRm(raw, d);
    }

    /// <summary>Rn = 1111 is the non-accumulating form (SXTB etc.); rotation in Shift (8 x rot).</summary>
    public static bool PrepareExtend(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Shift = (byte)(((raw >> 10) & 3) * 8);
        return PrepareRdRm(raw, d);
    }

    /// <summary>SSAT/USAT: Shift = shift amount, Option = sh (ASR), Imm = saturate_to (sat_imm, +1 for SSAT); Rm holds Rn.</summary>
    public static bool PrepareSaturate(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rm = (byte)(raw & 0xF);
        d->Shift = (byte)((raw >> 7) & 0x1F);
        d->Option = (byte)((raw >> 6) & 1);
        d->Imm = (raw >> 16) & 0x1F;
        return d->Rd != 15 && d->Rm != 15;
    }

    /// <summary>SBFX/UBFX: Shift = lsb, Imm = widthm1; BFI/BFC: Shift = lsb, Imm = msb.</summary>
    public static bool PrepareBitfield(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rn = (byte)(raw & 0xF);
        d->Shift = (byte)((raw >> 7) & 0x1F);
        d->Imm = (raw >> 16) & 0x1F;
        return d->Rd != 15;
    }

    /// <summary>
    /// SBFX/UBFX: as <see cref="PrepareBitfield"/>; Rn = PC and lsb + widthm1 &gt; 31 are UNPREDICTABLE (F5.1 SBFX,
    /// UBFX: "if d == 15 || n == 15 then UNPREDICTABLE", "if msbit &gt; 31 then UNPREDICTABLE"), UNDEFINED here, at decode.
    /// </summary>
    public static bool PrepareBitfieldExtract(uint raw, DecodedInstruction* d) =>
        PrepareBitfield(raw, d) && d->Rn != 15 && d->Shift + d->Imm <= 31;

    public static bool CountLeadingZeros(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(d->Rd, (uint)BitOperations.LeadingZeroCount(v.R(d, d->Rm)));
        return true;
    }

    private static int SignedSaturate(InterpreterVcpu v, long value)
    {
        if (value > int.MaxValue || value < int.MinValue)
        {
            v.State.QGe |= QFlag;
            return value > 0 ? int.MaxValue : int.MinValue;
        }

        return (int)value;
    }

    /// <summary>QADD (op 00), QSUB (01), QDADD (10), QDSUB (11): Rd = sat(Rm ± sat(2 x Rn)).</summary>
    public static bool SaturatingAddSubtract(InterpreterVcpu v, DecodedInstruction* d)
    {
        int op = (int)((d->Raw >> 21) & 3);
        long n = (int)v.R(d, d->Rn);
        if ((op & 2) != 0)
        {
            n = SignedSaturate(v, 2 * n);
        }

        long m = (int)v.R(d, d->Rm);
        v.WriteR(d->Rd, (uint)SignedSaturate(v, (op & 1) != 0 ? m - n : m + n));
        return true;
    }

    private static bool Unsigned(DecodedInstruction* d) => (d->Raw & (1u << 22)) != 0;

    public static bool ExtendAddByte(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint rotated = uint.RotateRight(v.R(d, d->Rm), d->Shift);
        uint value = Unsigned(d) ? rotated & 0xFF : (uint)(sbyte)rotated;
        v.WriteR(d->Rd, d->Rn == 15 ? value : v.R(d, d->Rn) + value);
        return true;
    }

    public static bool ExtendAddHalfword(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint rotated = uint.RotateRight(v.R(d, d->Rm), d->Shift);
        uint value = Unsigned(d) ? rotated & 0xFFFF : (uint)(short)rotated;
        v.WriteR(d->Rd, d->Rn == 15 ? value : v.R(d, d->Rn) + value);
        return true;
    }

    /// <summary>SXTB16/UXTB16 and the accumulating forms: bytes 0 and 2 extended to halfwords, added per halfword.</summary>
    public static bool ExtendAddByte16(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint rotated = uint.RotateRight(v.R(d, d->Rm), d->Shift);
        uint low = Unsigned(d) ? rotated & 0xFF : (uint)(ushort)(sbyte)rotated;
        uint high = Unsigned(d) ? (rotated >> 16) & 0xFF : (uint)(ushort)(sbyte)(rotated >> 16);
        if (d->Rn != 15)
        {
            uint n = v.R(d, d->Rn);
            low = (low + n) & 0xFFFF;
            high = (high + (n >> 16)) & 0xFFFF;
        }

        v.WriteR(d->Rd, (high << 16) | (low & 0xFFFF));
        return true;
    }

    /// <summary>PKHBT (tb = 0): Rn[15:0] with (Rm LSL imm)[31:16]; PKHTB: Rn[31:16] with (Rm ASR imm)[15:0] (imm 0 = 32).</summary>
    public static bool PackHalfword(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint n = v.R(d, d->Rn), m = v.R(d, d->Rm);
        bool tb = (d->Raw & (1u << 6)) != 0;
        uint result = tb
            ? (n & 0xFFFF_0000) | ((uint)((int)m >> (d->Shift == 0 ? 31 : d->Shift)) & 0xFFFF)
            : (n & 0xFFFF) | ((m << d->Shift) & 0xFFFF_0000);
        v.WriteR(d->Rd, result);
        return true;
    }

    private static int ShiftedOperand(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint value = v.R(d, d->Rm);
        return d->Option == 0 ? (int)(value << d->Shift) : (int)value >> (d->Shift == 0 ? 31 : d->Shift);
    }

    public static bool SignedSaturate(InterpreterVcpu v, DecodedInstruction* d)
    {
        int bits = (int)d->Imm + 1;
        long max = (1L << (bits - 1)) - 1, min = -(1L << (bits - 1));
        long value = ShiftedOperand(v, d);
        if (value > max || value < min)
        {
            v.State.QGe |= QFlag;
            value = value > max ? max : min;
        }

        v.WriteR(d->Rd, (uint)value);
        return true;
    }

    public static bool UnsignedSaturate(InterpreterVcpu v, DecodedInstruction* d)
    {
        int bits = (int)d->Imm;
        long max = (1L << bits) - 1;
        long value = ShiftedOperand(v, d);
        if (value > max || value < 0)
        {
            v.State.QGe |= QFlag;
            value = value > max ? max : 0;
        }

        v.WriteR(d->Rd, (uint)value);
        return true;
    }

    public static bool ReverseBytes(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(d->Rd, BinaryPrimitives.ReverseEndianness(v.R(d, d->Rm)));
        return true;
    }

    public static bool ReverseBytes16(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint m = v.R(d, d->Rm);
        v.WriteR(d->Rd, ((m & 0x00FF_00FF) << 8) | ((m >> 8) & 0x00FF_00FF));
        return true;
    }

    public static bool ReverseBytesSignedHalfword(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint m = v.R(d, d->Rm);
        v.WriteR(d->Rd, (uint)(short)(ushort)(((m & 0xFF) << 8) | ((m >> 8) & 0xFF)));
        return true;
    }

    public static bool ReverseBits(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint m = v.R(d, d->Rm);
        uint result = 0;
        for (int i = 0; i < 32; i++)
        {
            result |= ((m >> i) & 1) << (31 - i);
        }

        v.WriteR(d->Rd, result);
        return true;
    }

    /// <summary>SBFX (<see cref="PrepareBitfieldExtract"/> refuses the UNPREDICTABLE operands).</summary>
    public static bool SignedBitfieldExtract(InterpreterVcpu v, DecodedInstruction* d)
    {
        int lsb = d->Shift, width = (int)d->Imm + 1;
        int value = (int)(v.R(d, d->Rn) << (32 - lsb - width)) >> (32 - width);
        v.WriteR(d->Rd, (uint)value);
        return true;
    }

    public static bool UnsignedBitfieldExtract(InterpreterVcpu v, DecodedInstruction* d)
    {
        int lsb = d->Shift, width = (int)d->Imm + 1;
        uint value = (v.R(d, d->Rn) >> lsb) & (uint)((1UL << width) - 1);
        v.WriteR(d->Rd, value);
        return true;
    }

    /// <summary>BFI (BFC when Rn = 1111): bits [msb:lsb] of Rd from Rn[msb-lsb:0]; msb &lt; lsb is UNPREDICTABLE.</summary>
    public static bool BitfieldInsert(InterpreterVcpu v, DecodedInstruction* d)
    {
        int lsb = d->Shift, msb = (int)d->Imm;
        if (msb < lsb)
        {
            v.RaiseUndefined(d);
            return false;
        }

        uint mask = (uint)(((1UL << (msb - lsb + 1)) - 1) << lsb);
        uint source = d->Rn == 15 ? 0 : v.R(d, d->Rn) << lsb;
        v.WriteR(d->Rd, (v.R(d, d->Rd) & ~mask) | (source & mask));
        return true;
    }
}
