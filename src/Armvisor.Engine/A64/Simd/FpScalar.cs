using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// Scalar floating point (DDI0487 C4.1.96 "Floating-point data-processing (1/2/3 source)", "compare", "conditional
/// compare", "conditional select", "immediate"): every operation is <see cref="ArmFloat"/>. Size holds log2 of the
/// operand bytes (2 single, 3 double, 1 half); FPSR flags are accumulated into the vCPU's FPSR.
/// </summary>
internal static unsafe class FpScalar
{
    /// <summary>Flags bit of FRINTX: the rounding signals inexact.</summary>
    private const byte Exact = 1;

    /// <summary>ftype: 00 single, 01 double; 11 (half) needs FEAT_FP16 and 10 is reserved.</summary>
    public static bool PrepareSingleOrDouble(uint raw, DecodedInstruction* d)
    {
        int ftype = (int)(raw >> 22) & 3;
        d->Size = (byte)(ftype + 2);
        return ftype <= 1;
    }

    /// <summary>FP data-processing 1 source: FRINT* rounding in Option (255 = FPCR), FCVT target size in Option.</summary>
    public static bool PrepareOneSource(uint raw, DecodedInstruction* d)
    {
        int ftype = (int)(raw >> 22) & 3;
        int opcode = (int)(raw >> 15) & 0x3F;
        if (ftype == 2)
        {
            return false;
        }

        d->Size = (byte)(ftype == 3 ? 1 : ftype + 2);
        if ((opcode & 0b111100) == 0b000100)
        {
            // FCVT: opc<1:0> is the destination type; same-type and the reserved 10 are unallocated.
            int target = opcode & 3;
            d->Option = (byte)(target == 3 ? 1 : target + 2);
            return target != 2 && target != ftype;
        }

        if (ftype == 3)
        {
            return false;
        }

        if ((opcode & 0b111000) == 0b001000)
        {
            int rmode = opcode & 7;
            d->Option = rmode switch
            {
                0 => (byte)FpRounding.TiesToEven,
                1 => (byte)FpRounding.PlusInfinity,
                2 => (byte)FpRounding.MinusInfinity,
                3 => (byte)FpRounding.Zero,
                4 => (byte)FpRounding.TiesAway,
                _ => 255,
            };
            d->Flags = rmode == 6 ? Exact : (byte)0; // FRINTX signals inexact
            return rmode != 5;
        }

        return true;
    }

    private static FloatFormat Format(DecodedInstruction* d) => FloatFormat.FromSizeLog2(d->Size);

    private static ulong Read(InterpreterVcpu v, int n, int size) => v.V[2 * n] & Mask(8 << size);

    private static bool Finish(InterpreterVcpu v, DecodedInstruction* d, ulong result, uint fpsr)
    {
        WriteScalar(v, d->Rd, result);
        v.State.Fpsr |= fpsr;
        return true;
    }

    public static bool MoveRegister(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Finish(v, d, Read(v, d->Rn, d->Size), 0);

    public static bool Abs(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Finish(v, d, ArmFloat.Abs(Read(v, d->Rn, d->Size), Format(d)), 0);

    public static bool Neg(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Finish(v, d, ArmFloat.Neg(Read(v, d->Rn, d->Size), Format(d)), 0);

    public static bool Sqrt(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0;
        ulong r = ArmFloat.Sqrt(Read(v, d->Rn, d->Size), Format(d), v.State.Fpcr, ref fpsr);
        return Finish(v, d, r, fpsr);
    }

    /// <summary>FCVT between half, single and double.</summary>
    public static bool ConvertPrecision(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0, fpcr = v.State.Fpcr;
        ulong r = ArmFloat.Convert(Read(v, d->Rn, d->Size), Format(d), FloatFormat.FromSizeLog2(d->Option), FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
        return Finish(v, d, r, fpsr);
    }

    /// <summary>FRINTN/P/M/Z/A/I/X.</summary>
    public static bool RoundToIntegral(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0, fpcr = v.State.Fpcr;
        FpRounding rounding = d->Option == 255 ? FpExceptions.RoundingMode(fpcr) : (FpRounding)d->Option;
        ulong r = ArmFloat.RoundToIntegral(Read(v, d->Rn, d->Size), Format(d), rounding, (d->Flags & Exact) != 0, fpcr, ref fpsr);
        return Finish(v, d, r, fpsr);
    }

    /// <summary>FP data-processing 2 source; the operation is the opcode, bits [15:12], kept in Option.</summary>
    public static bool PrepareTwoSource(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 12) & 0xF);
        return PrepareSingleOrDouble(raw, d);
    }

    /// <summary>The FP binary operation of a 2-source opcode (also used by the AdvSIMD forms).</summary>
    public static ulong Binary(int opcode, ulong a, ulong b, FloatFormat f, uint fpcr, ref uint fpsr) => opcode switch
    {
        0 => ArmFloat.Mul(a, b, f, fpcr, ref fpsr),
        1 => ArmFloat.Div(a, b, f, fpcr, ref fpsr),
        2 => ArmFloat.Add(a, b, f, fpcr, ref fpsr),
        3 => ArmFloat.Add(a, b, f, fpcr, ref fpsr, subtract: true),
        4 => ArmFloat.MaxMin(a, b, f, fpcr, ref fpsr, max: true),
        5 => ArmFloat.MaxMin(a, b, f, fpcr, ref fpsr, max: false),
        6 => ArmFloat.MaxMinNumber(a, b, f, fpcr, ref fpsr, max: true),
        7 => ArmFloat.MaxMinNumber(a, b, f, fpcr, ref fpsr, max: false),
        _ => ArmFloat.Neg(ArmFloat.Mul(a, b, f, fpcr, ref fpsr), f), // FNMUL: FPNeg(FPMul(...))
    };

    public static bool TwoSource(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0;
        if (d->Size == 3 && ArmFloat.TryHostDoubleBinary(d->Option, v.V[2 * d->Rn], v.V[2 * d->Rm], v.State.Fpcr, ref fpsr, out ulong fast))
        {
            return Finish(v, d, fast, fpsr);
        }

        ulong r = Binary(d->Option, Read(v, d->Rn, d->Size), Read(v, d->Rm, d->Size), Format(d), v.State.Fpcr, ref fpsr);
        return Finish(v, d, r, fpsr);
    }

    /// <summary>FMADD/FMSUB/FNMADD/FNMSUB: o1:o0 in Option; FMSUB negates op1, FNMADD the addend and op1, FNMSUB the addend.</summary>
    public static bool PrepareThreeSource(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((((raw >> 21) & 1) << 1) | ((raw >> 15) & 1));
        return PrepareSingleOrDouble(raw, d);
    }

    public static bool ThreeSource(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        FloatFormat f = Format(d);
        ulong addend = Read(v, d->Ra, d->Size), op1 = Read(v, d->Rn, d->Size), op2 = Read(v, d->Rm, d->Size);
        int o1 = d->Option >> 1, o0 = d->Option & 1;
        if (d->Size == 3 && ArmFloat.TryHostDoubleMulAdd(o1 != 0 ? addend ^ (1UL << 63) : addend, (o1 ^ o0) != 0 ? op1 ^ (1UL << 63) : op1, op2,
            v.State.Fpcr, v.State.Fpsr, out ulong fast))
        {
            return Finish(v, d, fast, 0); // only IXC could arise, and it is already set
        }

        if (o1 != 0)
        {
            addend = ArmFloat.Neg(addend, f); // opa_neg = o1
        }

        if ((o1 ^ o0) != 0)
        {
            op1 = ArmFloat.Neg(op1, f); // op1_neg = o1 != o0
        }

        // Seeded with the cumulative IXC: the host fused multiply-add is taken once IXC is set (ArmFloat.HostDivSqrtFma.cs);
        // the flags are ORed back into FPSR, so the seed changes nothing else.
        uint fpsr = v.State.Fpsr & FpExceptions.Inexact;
        ulong r = ArmFloat.MulAdd(addend, op1, op2, f, v.State.Fpcr, ref fpsr);
        return Finish(v, d, r, fpsr);
    }

    /// <summary>FCMP/FCMPE (register or #0.0): opc&lt;0&gt; compares with zero, opc&lt;1&gt; signals on quiet NaNs.</summary>
    public static bool PrepareCompare(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 3) & 3);
        return PrepareSingleOrDouble(raw, d);
    }

    public static bool Compare(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        uint fpsr = 0;
        ulong op2 = (d->Option & 1) != 0 ? 0 : Read(v, d->Rm, d->Size);
        v.State.Nzcv = ArmFloat.Compare(Read(v, d->Rn, d->Size), op2, Format(d), (d->Option & 2) != 0, v.State.Fpcr, ref fpsr);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>FCCMP/FCCMPE: cond in Option, nzcv in Imm (as bits [31:28]), op (signalling) in Flags.</summary>
    public static bool PrepareConditionalCompare(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 12) & 0xF);
        d->Imm = (raw & 0xF) << 28;
        d->Flags = (byte)((raw >> 4) & 1);
        return PrepareSingleOrDouble(raw, d);
    }

    public static bool ConditionalCompare(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        if (!Alu.ConditionHolds(d->Option, v.State.Nzcv))
        {
            v.State.Nzcv = (uint)d->Imm;
            return true;
        }

        uint fpsr = 0;
        v.State.Nzcv = ArmFloat.Compare(Read(v, d->Rn, d->Size), Read(v, d->Rm, d->Size), Format(d), d->Flags != 0, v.State.Fpcr, ref fpsr);
        v.State.Fpsr |= fpsr;
        return true;
    }

    public static bool PrepareConditionalSelect(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 12) & 0xF);
        return PrepareSingleOrDouble(raw, d);
    }

    public static bool ConditionalSelect(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Finish(v, d, Read(v, Alu.ConditionHolds(d->Option, v.State.Nzcv) ? d->Rn : d->Rm, d->Size), 0);

    /// <summary>FMOV (scalar, immediate): VFPExpandImm(imm8) computed at decode time.</summary>
    public static bool PrepareMoveImmediate(uint raw, DecodedInstruction* d)
    {
        if (!PrepareSingleOrDouble(raw, d))
        {
            return false;
        }

        d->Imm = ExpandImmediate((raw >> 13) & 0xFF, Format(d));
        return true;
    }

    /// <summary>VFPExpandImm: sign = imm8&lt;7&gt;, exponent = NOT(imm8&lt;6&gt;):Replicate(imm8&lt;6&gt;, E-3):imm8&lt;5:4&gt;, fraction = imm8&lt;3:0&gt;:Zeros.</summary>
    public static ulong ExpandImmediate(uint imm8, FloatFormat f)
    {
        ulong b6 = (imm8 >> 6) & 1;
        int e = f.ExponentBits;
        ulong exponent = ((b6 ^ 1) << (e - 1)) | ((b6 != 0 ? (1UL << (e - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
        ulong fraction = (ulong)(imm8 & 0xF) << (f.FractionBits - 4);
        return ((ulong)(imm8 >> 7) << (f.Width - 1)) | (exponent << f.FractionBits) | fraction;
    }

    public static bool MoveImmediate(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Finish(v, d, d->Imm, 0);
}
