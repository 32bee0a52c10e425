using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD integer "three same" operations computed element by element on exact (Int128) values, following the
/// pseudocode of DDI0487 C7.2: halving adds (SHADD, URHADD...), saturating add/subtract (SQADD, UQSUB...), shifts by
/// register (SSHL, URSHL, SQRSHL...), SQDMULH/SQRDMULH, PMUL, and the pairwise ADDP/SMAXP/UMINP... Vector and scalar forms.
/// </summary>
internal static unsafe class SimdIntegerElementwise
{
    /// <summary>An element operation on exact operands: (a, b, esize, unsigned, ref saturated) -> result bits.</summary>
    private static bool Binary(InterpreterVcpu v, DecodedInstruction* d, delegate*<Int128, Int128, int, bool, ref bool, ulong> op)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, bits = 8 << size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        for (int i = 0; i < count; i++)
        {
            Int128 a = unsigned ? Get(n, i, size) : GetSigned(n, i, size);
            Int128 b = unsigned ? Get(m, i, size) : GetSigned(m, i, size);
            Set((byte*)r, i, size, op(a, b, bits, unsigned, ref saturated));
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    private static ulong Truncate(Int128 value, int bits) => (ulong)value & Mask(bits);

    private static ulong Saturate(Int128 value, int bits, bool unsigned, ref bool saturated) =>
        unsigned ? UnsignedSaturate(value, bits, ref saturated) : SignedSaturate(value, bits, ref saturated);

    private static ulong HalvingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a + b) >> 1, bits);

    private static ulong RoundingHalvingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a + b + 1) >> 1, bits);

    private static ulong HalvingSubOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Truncate((a - b) >> 1, bits);

    private static ulong SaturatingAddOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Saturate(a + b, bits, unsigned, ref saturated);

    private static ulong SaturatingSubOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => Saturate(a - b, bits, unsigned, ref saturated);

    /// <summary>
    /// The shift-by-register family (DDI0487 C7.2 SSHL/SRSHL/SQSHL/SQRSHL pseudocode): shift = SInt(b&lt;7:0&gt;), negative
    /// shifts right; rounding adds 1 &lt;&lt; (-shift - 1) first. Shift counts are clamped where the result no longer changes.
    /// </summary>
    private static ulong ShiftByRegister(Int128 a, Int128 b, int bits, bool unsigned, bool rounding, bool saturating, ref bool saturated)
    {
        int shift = (sbyte)(byte)(ulong)(b & 0xFF);
        Int128 result;
        if (shift >= 0)
        {
            if (shift >= bits)
            {
                if (!saturating || a == 0)
                {
                    return 0;
                }

                saturated = true;
                return unsigned ? (a > 0 ? Mask(bits) : 0) : Truncate(a > 0 ? (Int128.One << (bits - 1)) - 1 : -(Int128.One << (bits - 1)), bits);
            }

            result = a << shift;
        }
        else
        {
            int right = Math.Min(-shift, 65);
            Int128 roundConst = rounding ? Int128.One << (right - 1) : 0;
            result = (a + roundConst) >> right;
        }

        return saturating ? Saturate(result, bits, unsigned, ref saturated) : Truncate(result, bits);
    }

    private static ulong ShlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, false, false, ref saturated);

    private static ulong RshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, true, false, ref saturated);

    private static ulong QshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, false, true, ref saturated);

    private static ulong QrshlOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) => ShiftByRegister(a, b, bits, unsigned, true, true, ref saturated);

    /// <summary>SQDMULH: SignedSatQ((2 * a * b) &gt;&gt; esize).</summary>
    private static ulong DoublingMulHighOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate((2 * a * b) >> bits, bits, ref saturated);

    /// <summary>SQRDMULH: SignedSatQ((2 * a * b + (1 &lt;&lt; (esize - 1))) &gt;&gt; esize).</summary>
    private static ulong RoundingDoublingMulHighOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate(((2 * a * b) + (Int128.One << (bits - 1))) >> bits, bits, ref saturated);

    /// <summary>PMUL: polynomial (carry-less) multiply over {0,1}, low 8 bits.</summary>
    private static ulong PolynomialMulOp(Int128 a, Int128 b, int bits, bool unsigned, ref bool saturated)
    {
        ulong x = (ulong)a, y = (ulong)b, r = 0;
        for (int i = 0; i < bits; i++)
        {
            if (((y >> i) & 1) != 0)
            {
                r ^= x << i;
            }
        }

        return Truncate(r, bits);
    }

    public static bool HalvingAdd(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RoundingHalvingAddOp : &HalvingAddOp);

    public static bool HalvingSub(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &HalvingSubOp);

    public static bool SaturatingAdd(InterpreterVcpu v, DecodedInstruction* d) =>
        (d->Flags & SimdFlags.Scalar) != 0 ? Binary(v, d, &SaturatingAddOp) : SaturatingVector(v, d, subtract: false);

    public static bool SaturatingSub(InterpreterVcpu v, DecodedInstruction* d) =>
        (d->Flags & SimdFlags.Scalar) != 0 ? Binary(v, d, &SaturatingSubOp) : SaturatingVector(v, d, subtract: true);

    /// <summary>
    /// Vector SQADD/UQADD/SQSUB/UQSUB, whole-vector: a lane saturated exactly when the saturated and the wrapped results
    /// differ (an overflowing add or subtract never wraps onto the bound), which sets FPSR.QC. With Q = 0 the upper
    /// halves are zeroed first so they cannot saturate.
    /// </summary>
    private static bool SaturatingVector(InterpreterVcpu v, DecodedInstruction* d, bool subtract)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Vector128<byte> a = Read(v, d->Rn), b = Read(v, d->Rm);
        if ((d->Flags & SimdFlags.Q) == 0)
        {
            a = LowerHalf(a);
            b = LowerHalf(b);
        }

        (Vector128<byte> saturated, Vector128<byte> wrapped) = (d->Size, (d->Flags & SimdFlags.Unsigned) != 0) switch
        {
            (0, true) => Saturating<byte>(a, b, subtract),
            (1, true) => Saturating<ushort>(a, b, subtract),
            (2, true) => Saturating<uint>(a, b, subtract),
            (_, true) => Saturating<ulong>(a, b, subtract),
            (0, false) => Saturating<sbyte>(a, b, subtract),
            (1, false) => Saturating<short>(a, b, subtract),
            (2, false) => Saturating<int>(a, b, subtract),
            _ => Saturating<long>(a, b, subtract),
        };
        if (saturated != wrapped)
        {
            v.State.Fpsr |= FpsrQc;
        }

        Write(v, d->Rd, saturated);
        return true;
    }

    private static (Vector128<byte> Saturated, Vector128<byte> Wrapped) Saturating<T>(Vector128<byte> a, Vector128<byte> b, bool subtract)
    {
        Vector128<T> x = a.As<byte, T>(), y = b.As<byte, T>();
        return subtract
            ? (Vector128.SubtractSaturate(x, y).AsByte(), (x - y).AsByte())
            : (Vector128.AddSaturate(x, y).AsByte(), (x + y).AsByte());
    }

    public static bool ShiftLeftRegister(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RshlOp : &ShlOp);

    public static bool SaturatingShiftLeftRegister(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &QrshlOp : &QshlOp);

    public static bool DoublingMultiplyHigh(InterpreterVcpu v, DecodedInstruction* d) =>
        Binary(v, d, (d->Flags & SimdFlags.Round) != 0 ? &RoundingDoublingMulHighOp : &DoublingMulHighOp);

    public static bool PolynomialMultiply(InterpreterVcpu v, DecodedInstruction* d) => Binary(v, d, &PolynomialMulOp);

    /// <summary>Byte indices of the even (first) and odd (second) elements of each pair, per element size 0..2.</summary>
    private static readonly Vector128<byte>[] EvenElements =
    [
        Vector128.Create((byte)0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14),
        Vector128.Create((byte)0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13),
        Vector128.Create((byte)0, 1, 2, 3, 8, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11),
    ];

    private static readonly Vector128<byte>[] OddElements =
    [
        Vector128.Create((byte)1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15),
        Vector128.Create((byte)2, 3, 6, 7, 10, 11, 14, 15, 2, 3, 6, 7, 10, 11, 14, 15),
        Vector128.Create((byte)4, 5, 6, 7, 12, 13, 14, 15, 4, 5, 6, 7, 12, 13, 14, 15),
    ];

    /// <summary>
    /// Pairwise operations (ADDP, SMAXP, UMINP...): the concatenation Vm:Vn read as 2 * elements, result element i
    /// combining elements 2i and 2i+1 (DDI0487 C7.2 ADDP (vector)). Computed as op(even elements, odd elements).
    /// Kind: 0 add, 1 max, 2 min.
    /// </summary>
    private static bool Pairwise(InterpreterVcpu v, DecodedInstruction* d, int kind)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        Vector128<byte> n = Read(v, d->Rn), m = Read(v, d->Rm), evens, odds;
        int size = d->Size;
        if (size == 3)
        {
            evens = Vector128.Create(n.AsUInt64().GetElement(0), m.AsUInt64().GetElement(0)).AsByte();
            odds = Vector128.Create(n.AsUInt64().GetElement(1), m.AsUInt64().GetElement(1)).AsByte();
        }
        else if ((d->Flags & SimdFlags.Q) != 0)
        {
            evens = Vector128.Create(Vector128.Shuffle(n, EvenElements[size]).GetLower(), Vector128.Shuffle(m, EvenElements[size]).GetLower());
            odds = Vector128.Create(Vector128.Shuffle(n, OddElements[size]).GetLower(), Vector128.Shuffle(m, OddElements[size]).GetLower());
        }
        else
        {
            Vector128<byte> both = Vector128.Create(n.GetLower(), m.GetLower());
            evens = Vector128.Shuffle(both, EvenElements[size]);
            odds = Vector128.Shuffle(both, OddElements[size]);
        }

        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        Vector128<byte> result = kind switch
        {
            0 => SimdIntegerArithmetic.Add(evens, odds, size),
            1 => SimdIntegerArithmetic.Max(evens, odds, size, unsigned),
            _ => SimdIntegerArithmetic.Min(evens, odds, size, unsigned),
        };
        WriteVector(v, d, result);
        return true;
    }

    public static bool AddPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, 0);

    public static bool MaxPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, 1);

    public static bool MinPairwise(InterpreterVcpu v, DecodedInstruction* d) => Pairwise(v, d, 2);

    /// <summary>ADDP (scalar): Dd = Vn.D[0] + Vn.D[1].</summary>
    public static bool AddPairScalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        WriteScalar(v, d->Rd, v.V[2 * d->Rn] + v.V[(2 * d->Rn) + 1]);
        return true;
    }
}
