using System.Numerics;
using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD integer "two-register miscellaneous", vector and scalar (DDI0487 C4.1.95): REV16/32/64, CNT, NOT, RBIT,
/// CLZ, CLS, ABS, NEG, SQABS, SQNEG, CMGT/CMGE/CMEQ/CMLE/CMLT (zero), XTN, SQXTN, UQXTN, SQXTUN, SADDLP/UADDLP,
/// SADALP/UADALP, SHLL, SUQADD, USQADD.
/// </summary>
internal static unsafe class SimdTwoRegisterMisc
{
    /// <summary>An element operation: (element, destination element, esize, unsigned, ref saturated) -> result bits.</summary>
    private static bool Unary(InterpreterVcpu v, DecodedInstruction* d, delegate*<Int128, Int128, int, bool, ref bool, ulong> op)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), dst = Pointer(v, d->Rd);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, bits = 8 << size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        for (int i = 0; i < count; i++)
        {
            Int128 a = unsigned ? Get(n, i, size) : GetSigned(n, i, size);
            Int128 old = unsigned ? GetSigned(dst, i, size) : Get(dst, i, size);
            Set((byte*)r, i, size, op(a, old, bits, unsigned, ref saturated) & Mask(bits));
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    private static ulong SaturatingAbsOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate(a < 0 ? -a : a, bits, ref saturated);

    private static ulong SaturatingNegOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) => SignedSaturate(-a, bits, ref saturated);

    private static ulong ClzOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) =>
        (ulong)(BitOperations.LeadingZeroCount((ulong)a & Mask(bits)) - (64 - bits));

    /// <summary>CLS: leading bits equal to the sign bit, not counting the sign bit itself.</summary>
    private static ulong ClsOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated)
    {
        ulong x = (ulong)a & Mask(bits);
        ulong folded = (x ^ (x >> 1)) & Mask(bits - 1);
        return (ulong)(BitOperations.LeadingZeroCount(folded) - (64 - bits) - 1);
    }

    private static ulong CntOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) => (ulong)BitOperations.PopCount((ulong)a & Mask(bits));

    private static ulong RbitOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated)
    {
        ulong x = (ulong)a, r = 0;
        for (int i = 0; i < bits; i++)
        {
            r |= ((x >> i) & 1) << (bits - 1 - i);
        }

        return r;
    }

    /// <summary>SUQADD (U = 0): signed Vd + unsigned Vn, signed saturation.</summary>
    private static ulong SignedAccumulateUnsignedOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) =>
        SignedSaturate(VectorRegisters.SignExtend((ulong)old, bits) + (Int128)((ulong)a & Mask(bits)), bits, ref saturated);

    /// <summary>USQADD (U = 1): unsigned Vd + signed Vn, unsigned saturation.</summary>
    private static ulong UnsignedAccumulateSignedOp(Int128 a, Int128 old, int bits, bool unsigned, ref bool saturated) =>
        UnsignedSaturate((Int128)((ulong)old & Mask(bits)) + VectorRegisters.SignExtend((ulong)a, bits), bits, ref saturated);

    private static bool Whole(InterpreterVcpu v, DecodedInstruction* d, Vector128<byte> result)
    {
        WriteVector(v, d, result);
        return true;
    }

    private static Vector128<byte> N(InterpreterVcpu v, DecodedInstruction* d) => Read(v, d->Rn);

    private static Vector128<byte> AbsoluteValue(Vector128<byte> x, int size) => size switch
    {
        0 => Vector128.Abs(x.AsSByte()).AsByte(),
        1 => Vector128.Abs(x.AsInt16()).AsByte(),
        2 => Vector128.Abs(x.AsInt32()).AsByte(),
        _ => Vector128.Abs(x.AsInt64()).AsByte(),
    };

    /// <summary>ABS: the most negative value stays as it is (no saturation).</summary>
    public static bool Abs(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Whole(v, d, AbsoluteValue(N(v, d), d->Size));

    public static bool Neg(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.Sub(Vector128<byte>.Zero, N(v, d), d->Size));

    public static bool SaturatingAbs(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &SaturatingAbsOp);

    public static bool SaturatingNeg(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &SaturatingNegOp);

    public static bool CompareGreaterZero(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.Greater(N(v, d), Vector128<byte>.Zero, d->Size, unsigned: false));

    public static bool CompareGreaterEqualZero(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.GreaterOrEqual(N(v, d), Vector128<byte>.Zero, d->Size, unsigned: false));

    public static bool CompareEqualZero(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.Equal(N(v, d), Vector128<byte>.Zero, d->Size));

    public static bool CompareLessEqualZero(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.GreaterOrEqual(Vector128<byte>.Zero, N(v, d), d->Size, unsigned: false));

    public static bool CompareLessZero(InterpreterVcpu v, DecodedInstruction* d) =>
        v.CheckFpAccess(d) && Whole(v, d, SimdIntegerArithmetic.Greater(Vector128<byte>.Zero, N(v, d), d->Size, unsigned: false));

    public static bool Clz(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &ClzOp);

    public static bool Cls(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &ClsOp);

    public static bool Cnt(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &CntOp);

    public static bool Not(InterpreterVcpu v, DecodedInstruction* d) => v.CheckFpAccess(d) && Whole(v, d, ~N(v, d));

    public static bool Rbit(InterpreterVcpu v, DecodedInstruction* d) => Unary(v, d, &RbitOp);

    /// <summary>SUQADD (U = 0) / USQADD (U = 1).</summary>
    public static bool SaturatingAccumulate(InterpreterVcpu v, DecodedInstruction* d) =>
        Unary(v, d, (d->Flags & SimdFlags.Unsigned) != 0 ? &UnsignedAccumulateSignedOp : &SignedAccumulateUnsignedOp);

    /// <summary>NOT (size 00) and RBIT (size 01) share U=1 opcode 00101.</summary>
    public static bool PrepareNotOrRbit(uint raw, DecodedInstruction* d) => SimdPrepare.VectorBytes(raw, d);

    /// <summary>REVnn: container log2 bytes in Option (REV64 3, REV32 2, REV16 1); the element size must be smaller.</summary>
    public static bool PrepareReverse(uint raw, DecodedInstruction* d)
    {
        d->Size = (byte)((raw >> 22) & 3);
        d->Flags = (byte)(((raw >> 30) & 1) != 0 ? SimdFlags.Q : 0);
        int op = (int)((((raw >> 29) & 1) << 1) | ((raw >> 12) & 1)); // U:o0 = 00 REV64, 01 REV16, 10 REV32
        d->Option = (byte)(op switch { 0 => 3, 1 => 1, _ => 2 });
        return d->Size < d->Option;
    }

    public static bool Reverse(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        WriteVector(v, d, Vector128.Shuffle(Read(v, d->Rn), ReverseIndices[(d->Option * 4) + d->Size]));
        return true;
    }

    /// <summary>Byte permutations of REV16/REV32/REV64: index [container log2 * 4 + element log2].</summary>
    private static readonly Vector128<byte>[] ReverseIndices = BuildReverseIndices();

    private static Vector128<byte>[] BuildReverseIndices()
    {
        var table = new Vector128<byte>[16];
        Span<byte> indices = stackalloc byte[16];
        for (int container = 1; container <= 3; container++)
        {
            for (int element = 0; element < container; element++)
            {
                int containerBytes = 1 << container, elementBytes = 1 << element;
                for (int b = 0; b < 16; b++)
                {
                    // Source byte b goes to the mirrored element position within its container.
                    int offset = b & (containerBytes - 1);
                    int reversed = containerBytes - elementBytes - (offset & ~(elementBytes - 1)) + (offset & (elementBytes - 1));
                    indices[(b & ~(containerBytes - 1)) + reversed] = (byte)b;
                }

                table[(container * 4) + element] = Vector128.Create((ReadOnlySpan<byte>)indices);
            }
        }

        return table;
    }

    /// <summary>Narrowing kinds in Option: 0 XTN, 1 SQXTN/UQXTN (by U), 2 SQXTUN.</summary>
    public static bool PrepareNarrow(uint raw, DecodedInstruction* d)
    {
        bool scalar = ((raw >> 28) & 1) != 0;
        if (!(scalar ? SimdPrepare.ScalarNo64(raw, d) : SimdPrepare.VectorNo64(raw, d)))
        {
            return false;
        }

        int opcode = (int)(raw >> 12) & 0x1F;
        int u = (int)(raw >> 29) & 1;
        d->Option = (byte)(opcode == 0b10010 ? (u == 0 ? 0 : 2) : 1);
        return !scalar || d->Option != 0;
    }

    public static bool Narrow(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        if (d->Option == 0)
        {
            // XTN: whole-vector truncating narrow.
            Vector128<byte> x = Read(v, d->Rn);
            Vector128<byte> narrow = d->Size switch
            {
                0 => Vector128.Narrow(x.AsUInt16(), Vector128<ushort>.Zero),
                1 => Vector128.Narrow(x.AsUInt32(), Vector128<uint>.Zero).AsByte(),
                _ => Vector128.Narrow(x.AsUInt64(), Vector128<ulong>.Zero).AsByte(),
            };
            SimdShiftImmediate.WriteNarrow(v, d, narrow.AsUInt64().ToScalar());
            return true;
        }

        byte* n = Pointer(v, d->Rn);
        int size = d->Size, bits = 8 << size, count = (d->Flags & SimdFlags.Scalar) != 0 ? 1 : 8 >> size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        ulong packed = 0;
        for (int i = 0; i < count; i++)
        {
            ulong element = d->Option switch
            {
                0 => Get(n, i, size + 1) & Mask(bits),
                1 when unsigned => UnsignedSaturate(Get(n, i, size + 1), bits, ref saturated),
                1 => SignedSaturate(GetSigned(n, i, size + 1), bits, ref saturated),
                _ => UnsignedSaturate(GetSigned(n, i, size + 1), bits, ref saturated),
            };
            packed |= element << (i * bits);
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        SimdShiftImmediate.WriteNarrow(v, d, packed);
        return true;
    }

    /// <summary>SADDLP/UADDLP, and SADALP/UADALP with Accumulate: adjacent pairs summed into double-width elements.</summary>
    public static bool AddLongPairwise(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn), dst = Pointer(v, d->Rd);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int size = d->Size, count = ((d->Flags & SimdFlags.Q) != 0 ? 16 : 8) >> (size + 1);
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        for (int i = 0; i < count; i++)
        {
            ulong sum = unsigned
                ? Get(n, 2 * i, size) + Get(n, (2 * i) + 1, size)
                : (ulong)(GetSigned(n, 2 * i, size) + GetSigned(n, (2 * i) + 1, size));
            if ((d->Flags & SimdFlags.Accumulate) != 0)
            {
                sum += Get(dst, i, size + 1);
            }

            Set((byte*)r, i, size + 1, sum);
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>SHLL/SHLL2: widen the lower (upper) half and shift left by esize.</summary>
    public static bool ShiftLeftLong(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        byte* n = Pointer(v, d->Rn) + ((d->Flags & SimdFlags.Q) != 0 ? 8 : 0);
        int size = d->Size, count = 8 >> size;
        ulong* r = stackalloc ulong[2];
        for (int i = 0; i < count; i++)
        {
            Set((byte*)r, i, size + 1, Get(n, i, size) << (8 << size));
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }
}
