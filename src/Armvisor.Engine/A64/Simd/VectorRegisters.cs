using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// Access to the SIMD&amp;FP register file V0..V31 (DDI0487 A1.4, "Registers in AArch64 state": V[n] is 128 bits, its
/// elements are little-endian within the register). Writes of a 64-bit vector, a scalar or a smaller FP value clear the
/// rest of the register (DDI0487 A1.4.1 "SIMD and floating-point register file": V[] assignments zero-extend).
/// </summary>
internal static unsafe class VectorRegisters
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Read(InterpreterVcpu v, int n) => Vector128.Load((byte*)(v.V + (2 * n)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Write(InterpreterVcpu v, int n, Vector128<byte> value) => Vector128.Store(value, (byte*)(v.V + (2 * n)));

    /// <summary>Writes Vd with the upper 64 bits cleared unless the record has Q set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteVector(InterpreterVcpu v, DecodedInstruction* d, Vector128<byte> value) =>
        Write(v, d->Rd, (d->Flags & SimdFlags.Q) != 0 ? value : LowerHalf(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> LowerHalf(Vector128<byte> x) => Vector128.Create(x.AsUInt64().ToScalar(), 0UL).AsByte();

    /// <summary>The byte address of V[n] in the pinned register file.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte* Pointer(InterpreterVcpu v, int n) => (byte*)(v.V + (2 * n));

    /// <summary>Writes a scalar of up to 64 bits to Vd, zeroing bits [127:64] (the caller passes a zero-extended value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WriteScalar(InterpreterVcpu v, int n, ulong value)
    {
        v.V[2 * n] = value;
        v.V[(2 * n) + 1] = 0;
    }

    /// <summary>Element <paramref name="index"/> of log2-byte-size <paramref name="size"/>, zero-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Get(byte* p, int index, int size) => size switch
    {
        0 => p[index],
        1 => ((ushort*)p)[index],
        2 => ((uint*)p)[index],
        _ => ((ulong*)p)[index],
    };

    /// <summary>Element <paramref name="index"/>, sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long GetSigned(byte* p, int index, int size) => size switch
    {
        0 => ((sbyte*)p)[index],
        1 => ((short*)p)[index],
        2 => ((int*)p)[index],
        _ => ((long*)p)[index],
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(byte* p, int index, int size, ulong value)
    {
        switch (size)
        {
            case 0:
                p[index] = (byte)value;
                break;
            case 1:
                ((ushort*)p)[index] = (ushort)value;
                break;
            case 2:
                ((uint*)p)[index] = (uint)value;
                break;
            default:
                ((ulong*)p)[index] = value;
                break;
        }
    }

    /// <summary>Number of elements the record operates on: 1 for scalar forms, else datasize / esize.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Elements(DecodedInstruction* d) =>
        (d->Flags & SimdFlags.Scalar) != 0 ? 1 : ((d->Flags & SimdFlags.Q) != 0 ? 16 : 8) >> d->Size;

    /// <summary>Sign-extends the low <paramref name="bits"/> of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SignExtend(ulong x, int bits) => (long)(x << (64 - bits)) >> (64 - bits);

    /// <summary>Mask of the low <paramref name="bits"/> bits (1..64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mask(int bits) => bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;

    /// <summary>SignedSatQ (DDI0487 J1 shared pseudocode): clamps to <paramref name="bits"/> signed, noting saturation.</summary>
    public static ulong SignedSaturate(Int128 value, int bits, ref bool saturated)
    {
        Int128 max = (Int128.One << (bits - 1)) - 1;
        Int128 min = -(Int128.One << (bits - 1));
        if (value > max)
        {
            saturated = true;
            value = max;
        }
        else if (value < min)
        {
            saturated = true;
            value = min;
        }

        return (ulong)value & Mask(bits);
    }

    /// <summary>UnsignedSatQ: clamps to [0, 2^bits - 1], noting saturation.</summary>
    public static ulong UnsignedSaturate(Int128 value, int bits, ref bool saturated)
    {
        Int128 max = (Int128.One << bits) - 1;
        if (value > max)
        {
            saturated = true;
            return Mask(bits);
        }

        if (value < 0)
        {
            saturated = true;
            return 0;
        }

        return (ulong)value;
    }

    /// <summary>FPSR.QC (bit 27), the cumulative saturation flag of the AdvSIMD saturating instructions.</summary>
    public const uint FpsrQc = 1u << 27;
}
