using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD shift by immediate, vector and scalar (DDI0487 C4.1.95 "Advanced SIMD shift by immediate"): SSHR/USHR,
/// SSRA/USRA, SRSHR/URSHR, SRSRA/URSRA, SHL, SLI, SRI, SQSHL/UQSHL/SQSHLU (immediate), the narrowing SHRN/RSHRN/
/// SQ(R)SHRN/UQ(R)SHRN/SQ(R)SHRUN and the lengthening SSHLL/USHLL. The element size is the highest set bit of immh (the
/// table has one row per immh class), the shift is 2*esize - immh:immb (right) or immh:immb - esize (left).
/// </summary>
internal static unsafe class SimdShiftImmediate
{
    public const byte KindShiftRight = 0;
    public const byte KindShiftLeft = 1;
    public const byte KindShiftLeftInsert = 2;
    public const byte KindShiftRightInsert = 3;
    public const byte KindSaturatingShiftLeft = 4;
    public const byte KindSaturatingShiftLeftUnsigned = 5;
    public const byte KindNarrow = 6;
    public const byte KindNarrowSaturating = 7;
    public const byte KindNarrowSaturatingUnsigned = 8;
    public const byte KindLengthen = 9;

    /// <summary>The kind of each (U, opcode) in the group, or 255 when unallocated.</summary>
    public static byte Kind(int u, int opcode) => (u, opcode) switch
    {
        (_, 0b00000 or 0b00010 or 0b00100 or 0b00110) => KindShiftRight,
        (0, 0b01010) => KindShiftLeft,
        (1, 0b01010) => KindShiftLeftInsert,
        (1, 0b01000) => KindShiftRightInsert,
        (_, 0b01110) => KindSaturatingShiftLeft,
        (1, 0b01100) => KindSaturatingShiftLeftUnsigned,
        (0, 0b10000 or 0b10001) => KindNarrow,
        (_, 0b10010 or 0b10011) => KindNarrowSaturating,
        (1, 0b10000 or 0b10001) => KindNarrowSaturatingUnsigned,
        (_, 0b10100) => KindLengthen,
        _ => 255,
    };

    private static bool IsRightShift(byte kind) => kind is KindShiftRight or KindShiftRightInsert or KindNarrow or KindNarrowSaturating or KindNarrowSaturatingUnsigned;

    private static bool Prepare(uint raw, DecodedInstruction* d, bool scalar)
    {
        int immh = (int)(raw >> 19) & 0xF;
        int immhb = (int)(raw >> 16) & 0x7F;
        int opcode = (int)(raw >> 11) & 0x1F;
        int u = (int)(raw >> 29) & 1;
        byte kind = Kind(u, opcode);
        int size = 31 - System.Numerics.BitOperations.LeadingZeroCount((uint)immh);
        int esize = 8 << size;
        bool q = !scalar && ((raw >> 30) & 1) != 0;
        if (kind == 255 || (!scalar && size == 3 && !q && kind <= KindSaturatingShiftLeftUnsigned))
        {
            return false;
        }

        d->Option = kind;
        d->Size = (byte)size;
        d->Shift = (byte)(IsRightShift(kind) ? (2 * esize) - immhb : immhb - esize);
        d->Flags = (byte)((q ? SimdFlags.Q : 0) | (scalar ? SimdFlags.Scalar : 0) | (u != 0 ? SimdFlags.Unsigned : 0)
            | ((opcode & 0b00100) != 0 && kind == KindShiftRight ? SimdFlags.Round : 0)
            | ((opcode & 0b00010) != 0 && kind == KindShiftRight ? SimdFlags.Accumulate : 0)
            | ((opcode & 1) != 0 && kind is KindNarrow or KindNarrowSaturating or KindNarrowSaturatingUnsigned ? SimdFlags.Round : 0));
        if (kind is KindNarrow or KindNarrowSaturating or KindNarrowSaturatingUnsigned or KindLengthen)
        {
            return size != 3 && (!scalar || kind != KindNarrow) && (!scalar || kind != KindLengthen);
        }

        // Scalar SSHR/USHR/SRA/SHL/SLI/SRI exist only for doublewords.
        return !scalar || size == 3 || kind is KindSaturatingShiftLeft or KindSaturatingShiftLeftUnsigned;
    }

    public static bool PrepareVector(uint raw, DecodedInstruction* d) => Prepare(raw, d, scalar: false);

    public static bool PrepareScalar(uint raw, DecodedInstruction* d) => Prepare(raw, d, scalar: true);

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        return d->Option switch
        {
            KindNarrow => NarrowTruncating(v, d),
            KindShiftRight when (d->Flags & (SimdFlags.Round | SimdFlags.Accumulate)) == 0 => ShiftRightVector(v, d),
            KindShiftLeft => ShiftLeftVector(v, d),
            KindShiftRight when (d->Flags & SimdFlags.Round) == 0 => ShiftRightAccumulateVector(v, d),
            KindShiftLeftInsert or KindShiftRightInsert => ShiftInsertVector(v, d),
            KindNarrowSaturating or KindNarrowSaturatingUnsigned => Narrow(v, d),
            KindLengthen => Lengthen(v, d),
            _ => SameSize(v, d),
        };
    }

    /// <summary>SSHR/USHR without rounding or accumulation, whole-vector.</summary>
    private static bool ShiftRightVector(InterpreterVcpu v, DecodedInstruction* d)
    {
        WriteVector(v, d, ShiftRight(Read(v, d->Rn), d->Size, d->Shift, (d->Flags & SimdFlags.Unsigned) != 0));
        return true;
    }

    /// <summary>SSRA/USRA, whole-vector: Vd + (Vn shifted right), modulo 2^esize.</summary>
    private static bool ShiftRightAccumulateVector(InterpreterVcpu v, DecodedInstruction* d)
    {
        Vector128<byte> shifted = ShiftRight(Read(v, d->Rn), d->Size, d->Shift, (d->Flags & SimdFlags.Unsigned) != 0);
        WriteVector(v, d, SimdIntegerArithmetic.Add(Read(v, d->Rd), shifted, d->Size));
        return true;
    }

    /// <summary>Element-wise right shift by 1..esize: a shift by esize gives 0 (logical) or the sign (arithmetic).</summary>
    private static Vector128<byte> ShiftRight(Vector128<byte> x, int size, int shift, bool unsigned)
    {
        int bits = 8 << size;
        if (unsigned)
        {
            return shift >= bits ? Vector128<byte>.Zero : size switch
            {
                0 => Vector128.ShiftRightLogical(x, shift),
                1 => Vector128.ShiftRightLogical(x.AsUInt16(), shift).AsByte(),
                2 => Vector128.ShiftRightLogical(x.AsUInt32(), shift).AsByte(),
                _ => Vector128.ShiftRightLogical(x.AsUInt64(), shift).AsByte(),
            };
        }

        shift = Math.Min(shift, bits - 1);
        return size switch
        {
            0 => Vector128.ShiftRightArithmetic(x.AsSByte(), shift).AsByte(),
            1 => Vector128.ShiftRightArithmetic(x.AsInt16(), shift).AsByte(),
            2 => Vector128.ShiftRightArithmetic(x.AsInt32(), shift).AsByte(),
            _ => Vector128.ShiftRightArithmetic(x.AsInt64(), shift).AsByte(),
        };
    }

    /// <summary>
    /// SLI/SRI, whole-vector: the shifted Vn replaces the bits of Vd that the shift fills (mask = ones shifted the same
    /// way); SRI by esize leaves Vd unchanged.
    /// </summary>
    private static bool ShiftInsertVector(InterpreterVcpu v, DecodedInstruction* d)
    {
        Vector128<byte> n = Read(v, d->Rn), old = Read(v, d->Rd);
        int size = d->Size, shift = d->Shift, bits = 8 << size;
        bool left = d->Option == KindShiftLeftInsert;
        if (!left && shift >= bits)
        {
            WriteVector(v, d, old);
            return true;
        }

        Vector128<byte> ones = Vector128<byte>.AllBitsSet;
        (Vector128<byte> shifted, Vector128<byte> mask) = (size, left) switch
        {
            (0, true) => (Vector128.ShiftLeft(n, shift), Vector128.ShiftLeft(ones, shift)),
            (1, true) => (Vector128.ShiftLeft(n.AsUInt16(), shift).AsByte(), Vector128.ShiftLeft(ones.AsUInt16(), shift).AsByte()),
            (2, true) => (Vector128.ShiftLeft(n.AsUInt32(), shift).AsByte(), Vector128.ShiftLeft(ones.AsUInt32(), shift).AsByte()),
            (_, true) => (Vector128.ShiftLeft(n.AsUInt64(), shift).AsByte(), Vector128.ShiftLeft(ones.AsUInt64(), shift).AsByte()),
            (0, false) => (Vector128.ShiftRightLogical(n, shift), Vector128.ShiftRightLogical(ones, shift)),
            (1, false) => (Vector128.ShiftRightLogical(n.AsUInt16(), shift).AsByte(), Vector128.ShiftRightLogical(ones.AsUInt16(), shift).AsByte()),
            (2, false) => (Vector128.ShiftRightLogical(n.AsUInt32(), shift).AsByte(), Vector128.ShiftRightLogical(ones.AsUInt32(), shift).AsByte()),
            _ => (Vector128.ShiftRightLogical(n.AsUInt64(), shift).AsByte(), Vector128.ShiftRightLogical(ones.AsUInt64(), shift).AsByte()),
        };
        WriteVector(v, d, Vector128.ConditionalSelect(mask, shifted, old));
        return true;
    }

    /// <summary>SHL (immediate), whole-vector (the shift is below esize).</summary>
    private static bool ShiftLeftVector(InterpreterVcpu v, DecodedInstruction* d)
    {
        Vector128<byte> x = Read(v, d->Rn);
        int shift = d->Shift;
        Vector128<byte> r = d->Size switch
        {
            0 => Vector128.ShiftLeft(x, shift),
            1 => Vector128.ShiftLeft(x.AsUInt16(), shift).AsByte(),
            2 => Vector128.ShiftLeft(x.AsUInt32(), shift).AsByte(),
            _ => Vector128.ShiftLeft(x.AsUInt64(), shift).AsByte(),
        };
        WriteVector(v, d, r);
        return true;
    }

    /// <summary>
    /// SHRN/RSHRN, whole-vector: shift the 2*esize elements right and keep the low esize bits. The rounding constant may
    /// wrap at 2*esize, but the carry would land at bit 2*esize - shift &gt;= esize, outside the kept bits.
    /// </summary>
    private static bool NarrowTruncating(InterpreterVcpu v, DecodedInstruction* d)
    {
        Vector128<byte> x = Read(v, d->Rn);
        int shift = d->Shift;
        bool round = (d->Flags & SimdFlags.Round) != 0;
        Vector128<byte> narrow = d->Size switch
        {
            0 => Vector128.Narrow(Vector128.ShiftRightLogical(x.AsUInt16() + Vector128.Create((ushort)(round ? 1 << (shift - 1) : 0)), shift), Vector128<ushort>.Zero),
            1 => Vector128.Narrow(Vector128.ShiftRightLogical(x.AsUInt32() + Vector128.Create(round ? 1u << (shift - 1) : 0), shift), Vector128<uint>.Zero).AsByte(),
            _ => Vector128.Narrow(Vector128.ShiftRightLogical(x.AsUInt64() + Vector128.Create(round ? 1UL << (shift - 1) : 0), shift), Vector128<ulong>.Zero).AsByte(),
        };
        WriteNarrow(v, d, narrow.AsUInt64().ToScalar());
        return true;
    }

    /// <summary>The element-by-element forms: rounding right shifts (SRSHR, URSRA...) and the saturating left shifts.</summary>
    private static bool SameSize(InterpreterVcpu v, DecodedInstruction* d)
    {
        byte* n = Pointer(v, d->Rn), dst = Pointer(v, d->Rd);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        int count = Elements(d), size = d->Size, bits = 8 << size, shift = d->Shift;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool saturated = false;
        ulong mask = Mask(bits);
        for (int i = 0; i < count; i++)
        {
            ulong result;
            switch (d->Option)
            {
                case KindShiftRight:
                    Int128 a = unsigned ? Get(n, i, size) : GetSigned(n, i, size);
                    Int128 roundConst = (d->Flags & SimdFlags.Round) != 0 ? Int128.One << (shift - 1) : 0;
                    result = (ulong)((a + roundConst) >> shift);
                    if ((d->Flags & SimdFlags.Accumulate) != 0)
                    {
                        result += Get(dst, i, size);
                    }

                    break;
                case KindSaturatingShiftLeft:
                    Int128 value = unsigned ? Get(n, i, size) : GetSigned(n, i, size);
                    result = unsigned ? UnsignedSaturate(value << shift, bits, ref saturated) : SignedSaturate(value << shift, bits, ref saturated);
                    break;
                default: // SQSHLU: signed input, unsigned saturation.
                    result = UnsignedSaturate((Int128)GetSigned(n, i, size) << shift, bits, ref saturated);
                    break;
            }

            Set((byte*)r, i, size, result & mask);
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>Narrowing right shifts: 2*esize source elements, esize results to the lower half or (Q = 1, "2") upper half.</summary>
    private static bool Narrow(InterpreterVcpu v, DecodedInstruction* d)
    {
        byte* n = Pointer(v, d->Rn);
        bool scalar = (d->Flags & SimdFlags.Scalar) != 0;
        int size = d->Size, bits = 8 << size, count = scalar ? 1 : 8 >> size, shift = d->Shift;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        bool round = (d->Flags & SimdFlags.Round) != 0;
        bool saturated = false;
        ulong packed = 0;
        for (int i = 0; i < count; i++)
        {
            Int128 a = d->Option == KindNarrowSaturatingUnsigned || !unsigned ? GetSigned(n, i, size + 1) : Get(n, i, size + 1);
            Int128 shifted = (a + (round ? Int128.One << (shift - 1) : 0)) >> shift;
            ulong element = d->Option switch
            {
                KindNarrow => (ulong)shifted & Mask(bits),
                KindNarrowSaturating => unsigned ? UnsignedSaturate(shifted, bits, ref saturated) : SignedSaturate(shifted, bits, ref saturated),
                _ => UnsignedSaturate(shifted, bits, ref saturated),
            };
            packed |= element << (i * bits);
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        WriteNarrow(v, d, packed);
        return true;
    }

    /// <summary>Writes a 64-bit narrow result: to the lower half (upper cleared), or with Q = 1 to the upper half, keeping the lower.</summary>
    public static void WriteNarrow(InterpreterVcpu v, DecodedInstruction* d, ulong packed)
    {
        if ((d->Flags & SimdFlags.Q) != 0)
        {
            v.V[(2 * d->Rd) + 1] = packed;
        }
        else
        {
            WriteScalar(v, d->Rd, packed);
        }
    }

    /// <summary>SSHLL/USHLL: esize elements of the lower (or, Q = 1, upper) half widened to 2*esize, shifted left.</summary>
    private static bool Lengthen(InterpreterVcpu v, DecodedInstruction* d)
    {
        byte* n = Pointer(v, d->Rn) + ((d->Flags & SimdFlags.Q) != 0 ? 8 : 0);
        int size = d->Size, count = 8 >> size;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        ulong* r = stackalloc ulong[2];
        for (int i = 0; i < count; i++)
        {
            ulong element = unsigned ? Get(n, i, size) : (ulong)GetSigned(n, i, size);
            Set((byte*)r, i, size + 1, element << d->Shift);
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }
}
