using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;
using Op = Armvisor.Engine.A64.Simd.FpVectorOperation;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD floating point, vector and scalar forms (DDI0487 C4.1.95): three same (FADD, FMLA, FCMGE, FRECPS...),
/// pairwise (FADDP, FMAXNMP...), two-register misc (FRINT*, FCVT*S/U, SCVTF, FCMxx #0, FRECPE...), across lanes
/// (FMAXNMV...), by element (FMLA/FMUL/FMULX Vd, Vn, Vm.T[i]) and fixed-point conversions by immediate. Every element
/// operation is <see cref="ArmFloat"/>. Record: Size = log2 element bytes (2 or 3), Option = <see cref="FpVectorOperation"/>,
/// Shift = fraction bits / FRINT rounding, Imm = element index (by element), Flags: Q, Scalar, Unsigned.
/// </summary>
internal static unsafe class FpVector
{
    /// <summary>Rounding value in Shift that means "use FPCR.RMode".</summary>
    public const byte FpcrRounding = 255;

    /// <summary>Flag: FRINTX (report inexact).</summary>
    public const byte Exact = SimdFlags.Round;

    /// <summary>Flag: the second operand is the single element Vm[Imm] (by-element forms).</summary>
    public const byte ByElement = SimdFlags.Negate;

    private static ulong Apply(Op op, ulong a, ulong b, ulong acc, FloatFormat f, DecodedInstruction* d, uint fpcr, ref uint fpsr)
    {
        switch (op)
        {
            case Op.Add: return ArmFloat.Add(a, b, f, fpcr, ref fpsr);
            case Op.Subtract: return ArmFloat.Add(a, b, f, fpcr, ref fpsr, subtract: true);
            case Op.Multiply: return ArmFloat.Mul(a, b, f, fpcr, ref fpsr);
            case Op.Divide: return ArmFloat.Div(a, b, f, fpcr, ref fpsr);
            case Op.Max: return ArmFloat.MaxMin(a, b, f, fpcr, ref fpsr, max: true);
            case Op.Min: return ArmFloat.MaxMin(a, b, f, fpcr, ref fpsr, max: false);
            case Op.MaxNumber: return ArmFloat.MaxMinNumber(a, b, f, fpcr, ref fpsr, max: true);
            case Op.MinNumber: return ArmFloat.MaxMinNumber(a, b, f, fpcr, ref fpsr, max: false);
            case Op.MultiplyExtended: return ArmFloat.MulX(a, b, f, fpcr, ref fpsr);
            case Op.AbsoluteDifference: return ArmFloat.Abs(ArmFloat.Add(a, b, f, fpcr, ref fpsr, subtract: true), f);
            case Op.ReciprocalStep: return ArmFloat.RecipStep(a, b, f, fpcr, ref fpsr);
            case Op.ReciprocalSqrtStep: return ArmFloat.RecipSqrtStep(a, b, f, fpcr, ref fpsr);
            case Op.CompareEqual: return Bool(ArmFloat.CompareCondition(a, b, f, ArmFloat.CompareEqual, fpcr, ref fpsr), f);
            case Op.CompareGreaterOrEqual: return Bool(ArmFloat.CompareCondition(a, b, f, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr), f);
            case Op.CompareGreater: return Bool(ArmFloat.CompareCondition(a, b, f, ArmFloat.CompareGreater, fpcr, ref fpsr), f);
            case Op.AbsoluteCompareGreaterOrEqual:
                return Bool(ArmFloat.CompareCondition(ArmFloat.Abs(a, f), ArmFloat.Abs(b, f), f, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr), f);
            case Op.AbsoluteCompareGreater:
                return Bool(ArmFloat.CompareCondition(ArmFloat.Abs(a, f), ArmFloat.Abs(b, f), f, ArmFloat.CompareGreater, fpcr, ref fpsr), f);
            case Op.MultiplyAdd: return ArmFloat.MulAdd(acc, a, b, f, fpcr, ref fpsr);
            case Op.MultiplySubtract: return ArmFloat.MulAdd(acc, ArmFloat.Neg(a, f), b, f, fpcr, ref fpsr);
            case Op.Abs: return ArmFloat.Abs(a, f);
            case Op.Negate: return ArmFloat.Neg(a, f);
            case Op.Sqrt: return ArmFloat.Sqrt(a, f, fpcr, ref fpsr);
            case Op.RoundToIntegral:
                return ArmFloat.RoundToIntegral(a, f, Rounding(d, fpcr), (d->Flags & Exact) != 0, fpcr, ref fpsr);
            case Op.ConvertToInteger:
                return ArmFloat.ToFixed(a, f, (int)d->Imm2, (d->Flags & SimdFlags.Unsigned) != 0, f.Width, Rounding(d, fpcr), fpcr, ref fpsr);
            case Op.ConvertFromInteger:
                return ArmFloat.FromFixed(a, f.Width, (d->Flags & SimdFlags.Unsigned) != 0, (int)d->Imm2, f, FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr);
            case Op.CompareGreaterZero: return Bool(ArmFloat.CompareCondition(a, 0, f, ArmFloat.CompareGreater, fpcr, ref fpsr), f);
            case Op.CompareGreaterOrEqualZero: return Bool(ArmFloat.CompareCondition(a, 0, f, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr), f);
            case Op.CompareEqualZero: return Bool(ArmFloat.CompareCondition(a, 0, f, ArmFloat.CompareEqual, fpcr, ref fpsr), f);
            case Op.CompareLessOrEqualZero: return Bool(ArmFloat.CompareCondition(0, a, f, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr), f);
            case Op.CompareLessZero: return Bool(ArmFloat.CompareCondition(0, a, f, ArmFloat.CompareGreater, fpcr, ref fpsr), f);
            case Op.ReciprocalEstimate: return ArmFloat.RecipEstimate(a, f, fpcr, ref fpsr);
            case Op.ReciprocalSqrtEstimate: return ArmFloat.RecipSqrtEstimate(a, f, fpcr, ref fpsr);
            case Op.ReciprocalExponent: return ArmFloat.RecipExponent(a, f, fpcr, ref fpsr);
            case Op.UnsignedReciprocalEstimate: return ArmFloat.UnsignedRecipEstimate((uint)a);
            default: return ArmFloat.UnsignedRecipSqrtEstimate((uint)a);
        }
    }

    private static FpRounding Rounding(DecodedInstruction* d, uint fpcr) => d->Shift == FpcrRounding ? FpExceptions.RoundingMode(fpcr) : (FpRounding)d->Shift;

    private static ulong Bool(bool value, FloatFormat f) => value ? f.Mask : 0;

    /// <summary>Element-wise: Vd[i] = op(Vn[i], Vm[i] or Vm[index], Vd[i]).</summary>
    public static bool Elementwise(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm), dst = Pointer(v, d->Rd);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size;
        FloatFormat f = FloatFormat.FromSizeLog2(size);
        uint fpcr = v.State.Fpcr, fpsr = v.State.Fpsr & FpExceptions.Inexact; // seeded with IXC for the host FMA path
        bool byElement = (d->Flags & ByElement) != 0;
        Op op = (Op)d->Option;
        for (int i = 0; i < count; i++)
        {
            ulong b = Get(m, byElement ? (int)d->Imm : i, size);
            Set((byte*)r, i, size, Apply(op, Get(n, i, size), b, Get(dst, i, size), f, d, fpcr, ref fpsr));
        }

        v.State.Fpsr |= fpsr;
        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>Pairwise (FADDP, FMAXP...): result i combines elements 2i and 2i+1 of the concatenation Vm:Vn.</summary>
    public static bool Pairwise(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, half = count / 2;
        FloatFormat f = FloatFormat.FromSizeLog2(size);
        uint fpcr = v.State.Fpcr, fpsr = 0;
        for (int i = 0; i < count; i++)
        {
            byte* src = i < half ? n : m;
            int j = 2 * (i < half ? i : i - half);
            Set((byte*)r, i, size, Apply((Op)d->Option, Get(src, j, size), Get(src, j + 1, size), 0, f, d, fpcr, ref fpsr));
        }

        v.State.Fpsr |= fpsr;
        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>Scalar pairwise (FADDP Sd, Vn.2S ...): op(Vn[0], Vn[1]).</summary>
    public static bool PairScalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn);
        FloatFormat f = FloatFormat.FromSizeLog2(d->Size);
        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong result = Apply((Op)d->Option, Get(n, 0, d->Size), Get(n, 1, d->Size), 0, f, d, fpcr, ref fpsr);
        v.State.Fpsr |= fpsr;
        WriteScalar(v, d->Rd, result);
        return true;
    }

    /// <summary>FMAXNMV/FMINNMV/FMAXV/FMINV (4S): Reduce() halves recursively, op(op(e0, e1), op(e2, e3)).</summary>
    public static bool AcrossLanes(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn);
        FloatFormat f = FloatFormat.Single;
        uint fpcr = v.State.Fpcr, fpsr = 0;
        Op op = (Op)d->Option;
        ulong low = Apply(op, Get(n, 0, 2), Get(n, 1, 2), 0, f, d, fpcr, ref fpsr);
        ulong high = Apply(op, Get(n, 2, 2), Get(n, 3, 2), 0, f, d, fpcr, ref fpsr);
        ulong result = Apply(op, low, high, 0, f, d, fpcr, ref fpsr);
        v.State.Fpsr |= fpsr;
        WriteScalar(v, d->Rd, result);
        return true;
    }

    /// <summary>FCVTL/FCVTL2: widen the lower (upper) half's elements (half to single, single to double).</summary>
    public static bool ConvertLong(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        int size = d->Size; // destination element size (2 or 3)
        byte* n = Pointer(v, d->Rn) + ((d->Flags & SimdFlags.Q) != 0 ? 8 : 0);
        FloatFormat from = FloatFormat.FromSizeLog2(size - 1), to = FloatFormat.FromSizeLog2(size);
        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong* r = stackalloc ulong[2];
        int count = 16 >> size;
        for (int i = 0; i < count; i++)
        {
            Set((byte*)r, i, size, ArmFloat.Convert(Get(n, i, size - 1), from, to, FpExceptions.RoundingMode(fpcr), fpcr, ref fpsr));
        }

        v.State.Fpsr |= fpsr;
        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>FCVTN/FCVTN2 and FCVTXN (round to odd, Shift = <see cref="FpRounding.Odd"/>): narrow into the lower (upper) half.</summary>
    public static bool ConvertNarrow(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        int size = d->Size; // source element size (2 or 3)
        byte* n = Pointer(v, d->Rn);
        FloatFormat from = FloatFormat.FromSizeLog2(size), to = FloatFormat.FromSizeLog2(size - 1);
        uint fpcr = v.State.Fpcr, fpsr = 0;
        int count = (d->Flags & SimdFlags.Scalar) != 0 ? 1 : 16 >> size;
        int bits = 4 << size;
        ulong packed = 0;
        for (int i = 0; i < count; i++)
        {
            FpRounding rounding = d->Shift == FpcrRounding ? FpExceptions.RoundingMode(fpcr) : (FpRounding)d->Shift;
            packed |= ArmFloat.Convert(Get(n, i, size), from, to, rounding, fpcr, ref fpsr) << (i * bits);
        }

        v.State.Fpsr |= fpsr;
        SimdShiftImmediate.WriteNarrow(v, d, packed);
        return true;
    }
}
