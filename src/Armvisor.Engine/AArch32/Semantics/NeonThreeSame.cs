using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands; results go to a 16-byte stack buffer first (Dd may be Dn or Dm).
/// <summary>
/// Advanced SIMD "three registers of the same length", integer part (DDI0487 F5.1; opc = bits [11:8], o1 = bit 4):
/// VHADD/VRHADD/VHSUB, VQADD/VQSUB, logical (VAND/VBIC/VORR/VORN/VEOR/VBSL/VBIT/VBIF), VCGT/VCGE/VCEQ/VTST,
/// VSHL/VRSHL/VQSHL/VQRSHL (register), VMAX/VMIN, VABD/VABA, VADD/VSUB, VMLA/VMLS/VMUL (and VMUL.P8), VPMAX/VPMIN/
/// VPADD, VQDMULH/VQRDMULH. Exact element arithmetic on Int128, FPSCR.QC on saturation. The float half is
/// <see cref="NeonThreeSameFloat"/>.
/// </summary>
internal static unsafe class NeonThreeSame
{
    /// <summary>Option = opc:o1; the per-operation reserved sizes and Q (pairwise forms are D only) are UNDEFINED.</summary>
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        if (!ThreeRegisters(raw, d))
        {
            return false;
        }

        int op = (int)(((raw >> 7) & 0x1E) | ((raw >> 4) & 1));
        d->Option = (byte)op;
        bool u = (d->Flags & Unsigned) != 0, q = IsQuad(d);
        int size = d->Size;
        return op switch
        {
            1 or 5 or 8 or 9 or 10 or 11 => true, // VQADD, VQSUB, VSHL, VQSHL, VRSHL, VQRSHL: every size
            3 => true, // logical: size selects the operation
            16 => true, // VADD/VSUB
            18 or 19 => size != 3 && (op != 19 || !u || size == 0), // VMLA/VMLS/VMUL (VMUL.P8 only bytes)
            20 or 21 => size != 3 && !q, // VPMAX/VPMIN
            22 => size is 1 or 2, // VQDMULH/VQRDMULH
            23 => !u && size != 3 && !q, // VPADD
            _ when op <= 17 => size != 3,
            _ => false,
        };
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int bytes = Bytes(d), size = d->Size, esize = 8 << size, elements = bytes >> size;
        bool u = (d->Flags & Unsigned) != 0;
        byte* n = Pointer(v, d->Rn), m = Pointer(v, d->Rm), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[16];
        if (d->Option == 3)
        {
            Logical(n, m, dd, result, bytes, size, u);
            Store(v, d->Rd, result, bytes);
            return true;
        }

        if (d->Option is 20 or 21 or 23)
        {
            Pairwise(n, m, result, elements, size, u, d->Option);
            Store(v, d->Rd, result, bytes);
            return true;
        }

        bool saturated = false;
        ulong mask = VectorRegisters.Mask(esize);
        for (int e = 0; e < elements; e++)
        {
            Int128 a = u ? (Int128)Get(n, e, size) : GetSigned(n, e, size);
            Int128 b = u ? (Int128)Get(m, e, size) : GetSigned(m, e, size);
            ulong r;
            switch (d->Option)
            {
                case 0: r = (ulong)((a + b) >> 1); break; // VHADD
                case 1: r = Saturate(a + b, esize, u, ref saturated); break; // VQADD
                case 2: r = (ulong)((a + b + 1) >> 1); break; // VRHADD
                case 4: r = (ulong)((a - b) >> 1); break; // VHSUB
                case 5: r = Saturate(a - b, esize, u, ref saturated); break; // VQSUB
                case 6: r = a > b ? mask : 0; break; // VCGT
                case 7: r = a >= b ? mask : 0; break; // VCGE
                case 8 or 9 or 10 or 11:
                {
                    // VSHL/VQSHL/VRSHL/VQRSHL (register): Dm's element shifted by the signed low byte of Dn's.
                    Int128 value = u ? (Int128)Get(m, e, size) : GetSigned(m, e, size);
                    int shift = (sbyte)Get(n, e, size);
                    r = ShiftByRegister(value, shift, esize, u, rounding: d->Option >= 10, saturating: (d->Option & 1) != 0, ref saturated);
                    break;
                }

                case 12: r = (ulong)(a > b ? a : b); break; // VMAX
                case 13: r = (ulong)(a < b ? a : b); break; // VMIN
                case 14: r = (ulong)Int128.Abs(a - b); break; // VABD
                case 15: r = Get(dd, e, size) + (ulong)Int128.Abs(a - b); break; // VABA
                case 16: r = u ? (ulong)(a - b) : (ulong)(a + b); break; // VSUB / VADD
                case 17: r = u ? (Get(n, e, size) == Get(m, e, size) ? mask : 0) : ((Get(n, e, size) & Get(m, e, size)) != 0 ? mask : 0); break; // VCEQ / VTST
                case 18:
                {
                    ulong product = Get(n, e, size) * Get(m, e, size);
                    r = u ? Get(dd, e, size) - product : Get(dd, e, size) + product; // VMLS / VMLA
                    break;
                }

                case 19: r = u ? PolynomialMultiply((byte)Get(n, e, 0), (byte)Get(m, e, 0)) : Get(n, e, size) * Get(m, e, size); break; // VMUL
                default:
                {
                    // VQDMULH / VQRDMULH: signed, (2 * a * b (+ 2^(esize-1))) >> esize, saturated.
                    Int128 sa = GetSigned(n, e, size), sb = GetSigned(m, e, size);
                    Int128 product = (2 * sa * sb) + (u ? Int128.One << (esize - 1) : 0);
                    r = Saturate(product >> esize, esize, unsigned: false, ref saturated);
                    break;
                }
            }

            Set(result, e, size, r & mask);
        }

        Store(v, d->Rd, result, bytes);
        if (saturated)
        {
            v.State.Fpsr |= VectorRegisters.FpsrQc;
        }

        return true;
    }

    private static ulong Saturate(Int128 value, int esize, bool unsigned, ref bool saturated) =>
        unsigned ? VectorRegisters.UnsignedSaturate(value, esize, ref saturated) : VectorRegisters.SignedSaturate(value, esize, ref saturated);

    /// <summary>Shift by a signed amount: left for positive, right (arithmetic for signed, with 2^(n-1) added when rounding) for negative.</summary>
    public static ulong ShiftByRegister(Int128 value, int shift, int esize, bool unsigned, bool rounding, bool saturating, ref bool saturated)
    {
        Int128 result;
        if (shift >= 0)
        {
            if (shift >= esize)
            {
                if (!saturating || value == 0)
                {
                    return 0;
                }

                result = value > 0 ? Int128.One << 100 : -(Int128.One << 100);
            }
            else
            {
                result = value << shift;
            }
        }
        else
        {
            int amount = Math.Min(-shift, esize + 1);
            Int128 round = rounding ? Int128.One << (amount - 1) : 0;
            result = (value + round) >> amount;
        }

        return saturating ? Saturate(result, esize, unsigned, ref saturated) : (ulong)result & VectorRegisters.Mask(esize);
    }

    private static ulong PolynomialMultiply(byte a, byte b)
    {
        uint r = 0;
        for (int i = 0; i < 8; i++)
        {
            if ((b & (1 << i)) != 0)
            {
                r ^= (uint)a << i;
            }
        }

        return r & 0xFF;
    }

    /// <summary>VAND/VBIC/VORR/VORN (U = 0) and VEOR/VBSL/VBIT/VBIF (U = 1), selected by size.</summary>
    private static void Logical(byte* n, byte* m, byte* dd, byte* result, int bytes, int size, bool u)
    {
        for (int i = 0; i < bytes / 8; i++)
        {
            ulong a = ((ulong*)n)[i], b = ((ulong*)m)[i], c = ((ulong*)dd)[i];
            ((ulong*)result)[i] = (u, size) switch
            {
                (false, 0) => a & b,
                (false, 1) => a & ~b,
                (false, 2) => a | b,
                (false, _) => a | ~b,
                (true, 0) => a ^ b,
                (true, 1) => (c & a) | (~c & b), // VBSL
                (true, 2) => (b & a) | (~b & c), // VBIT: insert Dn's bits where Dm is 1
                _ => (~b & a) | (b & c), // VBIF: insert where Dm is 0
            };
        }
    }

    /// <summary>VPMAX (20), VPMIN (21), VPADD (23) on doublewords: the low half of the result from Dn's pairs, the high from Dm's.</summary>
    private static void Pairwise(byte* n, byte* m, byte* result, int elements, int size, bool u, int op)
    {
        int half = elements / 2;
        for (int e = 0; e < elements; e++)
        {
            byte* source = e < half ? n : m;
            int i = 2 * (e % half);
            Int128 a = u ? (Int128)Get(source, i, size) : GetSigned(source, i, size);
            Int128 b = u ? (Int128)Get(source, i + 1, size) : GetSigned(source, i + 1, size);
            Int128 r = op switch { 20 => a > b ? a : b, 21 => a < b ? a : b, _ => a + b };
            Set(result, e, size, (ulong)r);
        }
    }
}
