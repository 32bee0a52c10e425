using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// Conversions between floating-point and integer or fixed-point (DDI0487 C4.1.96 "Conversion between floating-point
/// and integer", "... and fixed-point"): FCVT{N,P,M,Z,A}{S,U}, SCVTF, UCVTF, and FMOV (general). Record: Size = FP
/// size (log2 bytes), Imm2 = integer width (32/64), Shift = fraction bits, Option = rounding (255: FPCR.RMode),
/// Flags = <see cref="SimdFlags.Unsigned"/>.
/// </summary>
internal static unsafe class FpIntegerConversion
{
    private static bool PrepareCommon(uint raw, DecodedInstruction* d, bool unsigned, FpRounding? rounding, int fbits)
    {
        int ftype = (int)(raw >> 22) & 3;
        d->Size = (byte)(ftype + 2);
        d->Imm2 = (raw >> 31) != 0 ? 64u : 32u;
        d->Shift = (byte)fbits;
        d->Option = rounding.HasValue ? (byte)rounding.Value : (byte)255;
        d->Flags = unsigned ? SimdFlags.Unsigned : (byte)0;
        return ftype <= 1;
    }

    /// <summary>FP to integer: rmode:opcode&lt;2:1&gt; give the rounding (N, P, M, Z; opcode 10x is A = ties away), opcode&lt;0&gt; unsigned.</summary>
    public static bool PrepareToInteger(uint raw, DecodedInstruction* d)
    {
        int rmode = (int)(raw >> 19) & 3;
        int opcode = (int)(raw >> 16) & 7;
        FpRounding rounding = (opcode & 4) != 0 ? FpRounding.TiesAway : (FpRounding)rmode;
        return PrepareCommon(raw, d, (opcode & 1) != 0, rounding, 0);
    }

    /// <summary>SCVTF/UCVTF (integer): FPCR rounding.</summary>
    public static bool PrepareFromInteger(uint raw, DecodedInstruction* d) => PrepareCommon(raw, d, ((raw >> 16) & 1) != 0, null, 0);

    /// <summary>Fixed point: fbits = 64 - scale; a 32-bit integer allows at most 32 fraction bits.</summary>
    public static bool PrepareToFixed(uint raw, DecodedInstruction* d)
    {
        int scale = (int)(raw >> 10) & 0x3F;
        return PrepareCommon(raw, d, ((raw >> 16) & 1) != 0, FpRounding.Zero, 64 - scale) && ((raw >> 31) != 0 || scale >= 32);
    }

    public static bool PrepareFromFixed(uint raw, DecodedInstruction* d)
    {
        int scale = (int)(raw >> 10) & 0x3F;
        return PrepareCommon(raw, d, ((raw >> 16) & 1) != 0, null, 64 - scale) && ((raw >> 31) != 0 || scale >= 32);
    }

    public static bool ToInteger(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0, fpcr = v.State.Fpcr;
        FloatFormat f = FloatFormat.FromSizeLog2(d->Size);
        ulong op = v.V[2 * d->Rn] & f.Mask;
        ulong r = ArmFloat.ToFixed(op, f, d->Shift, (d->Flags & SimdFlags.Unsigned) != 0, (int)d->Imm2, (FpRounding)d->Option, fpcr, ref fpsr);
        v.WriteX(d->Rd, r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    public static bool FromInteger(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0, fpcr = v.State.Fpcr;
        FloatFormat f = FloatFormat.FromSizeLog2(d->Size);
        ulong r = ArmFloat.FromFixed(v.X[d->Rn], (int)d->Imm2, (d->Flags & SimdFlags.Unsigned) != 0, d->Shift, f, FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
        WriteScalar(v, d->Rd, r);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>
    /// FMOV (general): sf=0/ftype=00 (Wd, Sn), sf=1/ftype=01 (Xd, Dn), sf=1/ftype=10/rmode=01 (Xd, Vn.D[1]); half
    /// precision needs FEAT_FP16. Option = 1 for the top-half form.
    /// </summary>
    public static bool PrepareMove(uint raw, DecodedInstruction* d)
    {
        int sf = (int)(raw >> 31);
        int ftype = (int)(raw >> 22) & 3;
        int rmode = (int)(raw >> 19) & 3;
        d->Option = (byte)(rmode == 1 ? 1 : 0);
        return (sf, ftype, rmode) is (0, 0, 0) or (1, 1, 0) or (1, 2, 1);
    }

    /// <summary>FMOV Wd/Xd from Sn/Dn/Vn.D[1].</summary>
    public static bool MoveToGeneral(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        ulong value = d->Option != 0 ? v.V[(2 * d->Rn) + 1] : v.V[2 * d->Rn];
        v.WriteX(d->Rd, (d->Raw >> 31) != 0 ? value : (uint)value);
        return true;
    }

    /// <summary>FMOV Sd/Dd from Wn/Xn (rest of the register zeroed), or Vd.D[1] from Xn (lower half kept).</summary>
    public static bool MoveFromGeneral(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        ulong value = v.X[d->Rn];
        if (d->Option != 0)
        {
            v.V[(2 * d->Rd) + 1] = value;
        }
        else
        {
            WriteScalar(v, d->Rd, (d->Raw >> 31) != 0 ? value : (uint)value);
        }

        return true;
    }
}
