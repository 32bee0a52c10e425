using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as VfpDataProcessing.
/// <summary>
/// VFP conversions (DDI0487 F5.1 VCVT, VCVTR, VCVTB, VCVTT), all through <see cref="ArmFloat"/>: double &lt;-&gt; single
/// (FPConvert), floating point &lt;-&gt; 32-bit integer (FPToFixed with round towards zero, or FPSCR's mode for VCVTR;
/// FixedToFP with FPSCR's mode), floating point &lt;-&gt; 16/32-bit fixed point in place (towards zero, and to nearest
/// even from fixed point, not FPSCR's mode), and half &lt;-&gt; single in
/// the bottom (VCVTB) or top (VCVTT) half of a single register, with FPSCR.AHP. The half &lt;-&gt; double forms are
/// Armv8 (MVFR1.FPHP = 2) and UNDEFINED on this Cortex-A15.
/// </summary>
internal static unsafe class VfpConversion
{
    private static FloatFormat Format(bool dp) => dp ? FloatFormat.Double : FloatFormat.Single;

    /// <summary>VCVT double &lt;-&gt; single (opc2 = 0111, opc3 = 11): Dd from Sm, or Sd from Dm.</summary>
    public static bool PreparePrecision(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = VfpOperands.RegisterD(raw, !dp);
        d->Rm = VfpOperands.RegisterM(raw, dp);
        return true;
    }

    public static bool Precision(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        bool dp = d->Size == 3;
        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong r = ArmFloat.Convert(v.ReadFp(d->Rm, d->Size), Format(dp), Format(!dp), FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
        v.WriteFp(d->Rd, dp ? 2 : 3, r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>VCVT.F32/F64.S32/U32 (opc2 = 1000): op (bit 7) = signed; the source is always Sm.</summary>
    public static bool PrepareFromInteger(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = VfpOperands.RegisterD(raw, dp);
        d->Rm = VfpOperands.RegisterM(raw, false);
        d->Flags = (byte)((raw >> 7) & 1);
        return true;
    }

    public static bool FromInteger(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong r = ArmFloat.FromFixed(v.ReadS(d->Rm), 32, unsigned: d->Flags == 0, 0, Format(d->Size == 3), FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
        v.WriteFp(d->Rd, d->Size, r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>VCVT/VCVTR.S32/U32 (opc2 = 110x): bit 16 = signed, op (bit 7) = round towards zero; Sd from Sm or Dm.</summary>
    public static bool PrepareToInteger(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = VfpOperands.RegisterD(raw, false);
        d->Rm = VfpOperands.RegisterM(raw, dp);
        d->Flags = (byte)(((raw >> 15) & 2) | ((raw >> 7) & 1)); // bit 1 signed, bit 0 towards zero
        return true;
    }

    public static bool ToInteger(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint fpcr = v.State.Fpcr, fpsr = 0;
        FpRounding rounding = (d->Flags & 1) != 0 ? FpRounding.Zero : FpExceptions.RoundingMode(fpcr);
        ulong r = ArmFloat.ToFixed(v.ReadFp(d->Rm, d->Size), Format(d->Size == 3), 0, unsigned: (d->Flags & 2) == 0, 32, rounding, fpcr, ref fpsr);
        v.WriteS(d->Rd, (uint)r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>
    /// VCVT between floating point and fixed point in place (opc2 = 1x1x): op (bit 18) = to fixed, U (bit 16), sx (bit 7)
    /// = 32-bit (else 16-bit) fixed point, fraction bits = size - imm4:i; a negative count is UNPREDICTABLE (UNDEFINED).
    /// Shift holds the fraction bits, Option the fixed-point size.
    /// </summary>
    public static bool PrepareFixed(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = VfpOperands.RegisterD(raw, dp);
        int size = (raw & (1u << 7)) != 0 ? 32 : 16;
        int imm5 = (int)(((raw & 0xF) << 1) | ((raw >> 5) & 1));
        d->Option = (byte)size;
        d->Flags = (byte)(((raw >> 17) & 2) | ((raw >> 16) & 1)); // bit 1 to fixed, bit 0 unsigned
        d->Shift = (byte)(size - imm5);
        return size - imm5 >= 0;
    }

    public static bool Fixed(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        bool dp = d->Size == 3, unsigned = (d->Flags & 1) != 0;
        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong operand = v.ReadFp(d->Rd, d->Size);
        ulong r;
        if ((d->Flags & 2) != 0)
        {
            // FPToFixed with round towards zero, then Extend(result, 32 or 64, unsigned).
            r = ArmFloat.ToFixed(operand, Format(dp), d->Shift, unsigned, d->Option, FpRounding.Zero, fpcr, ref fpsr);
            r = unsigned ? r : (ulong)VectorRegisters.SignExtend(r, d->Option);
        }
        else
        {
            // FixedToFP with FPRounding_TIEEVEN whatever FPSCR.RMode says (F5.1 VCVT, between floating-point and fixed-point).
            r = ArmFloat.FromFixed(operand & VectorRegisters.Mask(d->Option), d->Option, unsigned, d->Shift, Format(dp),
                FpRounding.TiesToEven, fpcr, ref fpsr);
        }

        v.WriteFp(d->Rd, d->Size, r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>VCVTB/VCVTT single &lt;-&gt; half (opc2 = 001x): bit 16 = to half, T (bit 7) = top half; sz = 1 is Armv8.</summary>
    public static bool PrepareHalf(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, false);
        d->Rm = VfpOperands.RegisterM(raw, false);
        d->Flags = (byte)(((raw >> 15) & 2) | ((raw >> 7) & 1)); // bit 1 to half, bit 0 top
        return !VfpOperands.IsDouble(raw);
    }

    public static bool Half(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint fpcr = v.State.Fpcr, fpsr = 0;
        int shift = (d->Flags & 1) != 0 ? 16 : 0;
        if ((d->Flags & 2) != 0)
        {
            ulong h = ArmFloat.Convert(v.ReadS(d->Rm), FloatFormat.Single, FloatFormat.Half, FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
            uint old = v.ReadS(d->Rd);
            v.WriteS(d->Rd, (old & ~(0xFFFFu << shift)) | ((uint)h << shift));
        }
        else
        {
            ulong s = ArmFloat.Convert((v.ReadS(d->Rm) >> shift) & 0xFFFF, FloatFormat.Half, FloatFormat.Single, FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
            v.WriteS(d->Rd, (uint)s);
        }

        v.State.Fpsr |= fpsr;
        return true;
    }
}
