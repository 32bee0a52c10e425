using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;
using static Armvisor.Engine.A64.Simd.VectorRegisters;

namespace Armvisor.Engine.A64.Simd;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.V/v.X are the vCPU's pinned
// register files; register numbers are 5-bit fields (0..31) and element indices are bounded by the element count of a
// 16-byte register, so every pointer access (including the 16-byte stackalloc result buffers) stays in bounds.
/// <summary>
/// AdvSIMD "three different" (DDI0487 C4.1.95): the lengthening SADDL/UADDL, SSUBL/USUBL, SABAL/UABAL, SABDL/UABDL,
/// SMLAL/UMLAL, SMLSL/UMLSL, SMULL/UMULL, SQDMLAL, SQDMLSL, SQDMULL, PMULL (8-bit); the widening SADDW/UADDW,
/// SSUBW/USUBW; the narrowing ADDHN/RADDHN, SUBHN/RSUBHN. Q = 1 selects the "2" forms (upper source half, or for
/// the narrowing forms the upper destination half). The opcode field itself is the kind (Option).
/// </summary>
internal static unsafe class SimdThreeDifferent
{
    private const int AddLong = 0, AddWide = 1, SubLong = 2, SubWide = 3, AddHighNarrow = 4, AbsDiffAccumulateLong = 5,
        SubHighNarrow = 6, AbsDiffLong = 7, MulAddLong = 8, SatDoublingMulAddLong = 9, MulSubLong = 10,
        SatDoublingMulSubLong = 11, MulLong = 12, SatDoublingMulLong = 13, PolynomialMulLong = 14;

    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        if (!SimdPrepare.VectorNo64(raw, d))
        {
            return false;
        }

        int opcode = (int)(raw >> 12) & 0xF;
        d->Option = (byte)opcode;
        bool u = (d->Flags & SimdFlags.Unsigned) != 0;
        if (opcode is AddHighNarrow or SubHighNarrow && u)
        {
            d->Flags |= SimdFlags.Round;
        }

        return opcode switch
        {
            SatDoublingMulAddLong or SatDoublingMulSubLong or SatDoublingMulLong => !u && d->Size is 1 or 2,
            PolynomialMulLong => !u && d->Size == 0,
            15 => false,
            _ => true,
        };
    }

    /// <summary>Scalar three different (SQDMLAL/SQDMLSL/SQDMULL Hd/Sd...): 16 or 32-bit sources, one element.</summary>
    public static bool PrepareScalar(uint raw, DecodedInstruction* d)
    {
        if (!SimdPrepare.ScalarHalfOrWord(raw, d))
        {
            return false;
        }

        d->Option = (byte)((raw >> 12) & 0xF);
        return d->Option is SatDoublingMulAddLong or SatDoublingMulSubLong or SatDoublingMulLong && (d->Flags & SimdFlags.Unsigned) == 0;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckFpAccess(d))
        {
            return false;
        }

        int kind = d->Option, size = d->Size, bits = 8 << size, count = (d->Flags & SimdFlags.Scalar) != 0 ? 1 : 8 >> size;
        bool upper = (d->Flags & SimdFlags.Q) != 0;
        bool unsigned = (d->Flags & SimdFlags.Unsigned) != 0;
        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm), dst = Pointer(v, d->Rd);
        if (kind is AddHighNarrow or SubHighNarrow)
        {
            ulong packed = 0;
            Int128 round = (d->Flags & SimdFlags.Round) != 0 ? Int128.One << (bits - 1) : 0;
            for (int i = 0; i < count; i++)
            {
                Int128 a = Get(n, i, size + 1), b = Get(m, i, size + 1);
                Int128 sum = (kind == AddHighNarrow ? a + b : a - b) + round;
                packed |= ((ulong)(sum >> bits) & Mask(bits)) << (i * bits);
            }

            SimdShiftImmediate.WriteNarrow(v, d, packed);
            return true;
        }

        byte* nHalf = n + (upper ? 8 : 0), mHalf = m + (upper ? 8 : 0);
        ulong* r = stackalloc ulong[2];
        r[0] = 0;
        r[1] = 0;
        bool saturated = false;
        for (int i = 0; i < count; i++)
        {
            Int128 a = kind is AddWide or SubWide
                ? (unsigned ? Get(n, i, size + 1) : GetSigned(n, i, size + 1))
                : (unsigned ? Get(nHalf, i, size) : GetSigned(nHalf, i, size));
            Int128 b = unsigned ? Get(mHalf, i, size) : GetSigned(mHalf, i, size);
            Int128 acc = unsigned ? Get(dst, i, size + 1) : GetSigned(dst, i, size + 1);
            Int128 result = kind switch
            {
                AddLong or AddWide => a + b,
                SubLong or SubWide => a - b,
                AbsDiffAccumulateLong => acc + (a > b ? a - b : b - a),
                AbsDiffLong => a > b ? a - b : b - a,
                MulAddLong => acc + (a * b),
                MulSubLong => acc - (a * b),
                MulLong => a * b,
                SatDoublingMulLong => SaturatedProduct(a, b, 2 * bits, ref saturated),
                SatDoublingMulAddLong => (Int128)(long)SignedSaturate(acc + SaturatedProductValue(a, b, 2 * bits, ref saturated), 2 * bits, ref saturated),
                SatDoublingMulSubLong => (Int128)(long)SignedSaturate(acc - SaturatedProductValue(a, b, 2 * bits, ref saturated), 2 * bits, ref saturated),
                _ => Polynomial((ulong)a & 0xFF, (ulong)b & 0xFF),
            };
            Set((byte*)r, i, size + 1, (ulong)result);
        }

        if (saturated)
        {
            v.State.Fpsr |= FpsrQc;
        }

        v.V[2 * d->Rd] = r[0];
        v.V[(2 * d->Rd) + 1] = r[1];
        return true;
    }

    /// <summary>SignedSatQ(2 * a * b, 2 * esize) as a signed value (only -2^(2e-1) * -2^(2e-1) saturates).</summary>
    private static Int128 SaturatedProductValue(Int128 a, Int128 b, int bits, ref bool saturated) =>
        SignExtend(SignedSaturate(2 * a * b, bits, ref saturated), bits);

    private static Int128 SaturatedProduct(Int128 a, Int128 b, int bits, ref bool saturated) => SignedSaturate(2 * a * b, bits, ref saturated);

    private static Int128 SignExtend(ulong value, int bits) => VectorRegisters.SignExtend(value, bits);

    private static Int128 Polynomial(ulong a, ulong b)
    {
        ulong r = 0;
        for (int i = 0; i < 8; i++)
        {
            if (((b >> i) & 1) != 0)
            {
                r ^= a << i;
            }
        }

        return r;
    }
}
