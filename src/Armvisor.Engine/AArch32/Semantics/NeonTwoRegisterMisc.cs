using System.Numerics;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands; narrowing reads a Q source (Dm even), writes one D register.
/// <summary>
/// Advanced SIMD "two registers, miscellaneous" (DDI0487 F5.1; A = bits [17:16], B = bits [10:6]): VREV16/32/64,
/// VPADDL/VPADAL, VCLS/VCLZ/VCNT, VMVN, VQABS/VQNEG, the compares with zero, VABS/VNEG (integer and float), VSWP,
/// VTRN/VUZP/VZIP, VMOVN/VQMOVN/VQMOVUN, VSHLL (by the element size), VCVT half &lt;-&gt; single, VRECPE/VRSQRTE and
/// VCVT single &lt;-&gt; 32-bit integer (round towards zero; from integer to nearest), the FP forms with
/// StandardFPSCRValue.
/// </summary>
internal static unsafe class NeonTwoRegisterMisc
{
    /// <summary>Option = A:B (7 bits); Q is B&lt;0&gt; (bit 6) for the non-narrowing forms.</summary>
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        d->Size = (byte)((raw >> 18) & 3);
        int a = (int)((raw >> 16) & 3), b = (int)((raw >> 6) & 0x1F);
        int op = (a << 5) | b;
        d->Option = (byte)op;
        bool q = (b & 1) != 0;
        d->Flags = q ? Quad : (byte)0;
        int size = d->Size;
        bool evenD = !q || (d->Rd & 1) == 0, evenM = !q || (d->Rm & 1) == 0;
        switch (a)
        {
            case 0:
                return (b >> 1) switch
                {
                    0 => size < 3, // VREV64
                    1 => size < 2, // VREV32
                    2 => size == 0, // VREV16
                    4 or 5 or 12 or 13 => size < 3, // VPADDL, VPADAL
                    8 or 9 or 14 or 15 => size < 3, // VCLS, VCLZ, VQABS, VQNEG
                    10 or 11 => size == 0, // VCNT, VMVN
                    _ => false,
                } && evenD && evenM;
            case 1:
                bool f = (b & 0x10) != 0;
                return (b & 0xE) != 0xA && (f ? size == 2 : size < 3) && evenD && evenM;
            case 2:
                switch (b >> 1)
                {
                    case 0: return size == 0 && evenD && evenM; // VSWP
                    case 1 or 2 or 3: return size < 3 && !(size == 2 && !q && (b >> 1) != 1) && d->Rd != d->Rm && evenD && evenM; // VTRN, VUZP, VZIP
                    case 4 or 5: d->Flags = 0; return size < 3 && (d->Rm & 1) == 0; // VMOVN, VQMOVUN, VQMOVN
                    case 6: d->Flags = 0; return b == 0b01100 && size < 3 && (d->Rd & 1) == 0; // VSHLL (maximum shift)
                    case 12: d->Flags = 0; return b == 0b11000 && size == 1 && (d->Rm & 1) == 0; // VCVT.F16.F32
                    case 14: d->Flags = 0; return b == 0b11100 && size == 1 && (d->Rd & 1) == 0; // VCVT.F32.F16
                    default: return false;
                }

            default:
                // VRECPE/VRSQRTE (B = 10 F sqrt Q) and VCVT single <-> integer (B = 11 op Q): 32-bit elements only.
                return (b >> 3) >= 2 && size == 2 && evenD && evenM;
        }
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int a = d->Option >> 5, b = d->Option & 0x1F, size = d->Size, esize = 8 << size;
        byte* m = Pointer(v, d->Rm), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[32];
        int bytes = Bytes(d), elements = bytes >> size;
        bool saturated = false;
        uint fpcr = StandardFpcr(v), fpsr = 0;
        FloatFormat fs = FloatFormat.Single;
        switch (a)
        {
            case 0:
                switch (b >> 1)
                {
                    case 0 or 1 or 2:
                    {
                        // VREV<64/32/16>: reverse the elements inside each 8/4/2-byte group.
                        int group = 8 >> (b >> 1), perGroup = group >> size;
                        for (int e = 0; e < elements; e++)
                        {
                            int g = e / perGroup, i = e % perGroup;
                            Set(result, (g * perGroup) + (perGroup - 1 - i), size, Get(m, e, size));
                        }

                        break;
                    }

                    case 4 or 5 or 12 or 13:
                    {
                        // VPADDL / VPADAL: pairs of elements added into double-width elements (accumulating for VPADAL).
                        bool u = ((b >> 1) & 1) != 0, accumulate = (b >> 1) >= 12;
                        for (int e = 0; e < elements / 2; e++)
                        {
                            Int128 x = u ? (Int128)Get(m, 2 * e, size) : GetSigned(m, 2 * e, size);
                            Int128 y = u ? (Int128)Get(m, (2 * e) + 1, size) : GetSigned(m, (2 * e) + 1, size);
                            ulong sum = (ulong)(x + y) + (accumulate ? Get(dd, e, size + 1) : 0);
                            Set(result, e, size + 1, sum);
                        }

                        break;
                    }

                    default:
                        for (int e = 0; e < elements; e++)
                        {
                            ulong x = Get(m, e, size);
                            long sx = GetSigned(m, e, size);
                            ulong r = (b >> 1) switch
                            {
                                8 => (ulong)CountLeadingSignBits(sx, esize), // VCLS
                                9 => x == 0 ? (ulong)esize : (ulong)(BitOperations.LeadingZeroCount(x) - (64 - esize)), // VCLZ
                                10 => (ulong)BitOperations.PopCount(x), // VCNT
                                11 => ~x, // VMVN
                                14 => VectorRegisters.SignedSaturate(Int128.Abs(sx), esize, ref saturated), // VQABS
                                _ => VectorRegisters.SignedSaturate(-(Int128)sx, esize, ref saturated), // VQNEG
                            };
                            Set(result, e, size, r);
                        }

                        break;
                }

                break;
            case 1:
            {
                bool f = (b & 0x10) != 0;
                int op = (b >> 1) & 7;
                for (int e = 0; e < elements; e++)
                {
                    ulong x = Get(m, e, size), r;
                    if (f)
                    {
                        r = op switch
                        {
                            0 => Mask(ArmFloat.CompareCondition(x, 0, fs, ArmFloat.CompareGreater, fpcr, ref fpsr)),
                            1 => Mask(ArmFloat.CompareCondition(x, 0, fs, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr)),
                            2 => Mask(ArmFloat.CompareCondition(x, 0, fs, ArmFloat.CompareEqual, fpcr, ref fpsr)),
                            3 => Mask(ArmFloat.CompareCondition(0, x, fs, ArmFloat.CompareGreaterOrEqual, fpcr, ref fpsr)),
                            4 => Mask(ArmFloat.CompareCondition(0, x, fs, ArmFloat.CompareGreater, fpcr, ref fpsr)),
                            6 => ArmFloat.Abs(x, fs),
                            _ => ArmFloat.Neg(x, fs),
                        };
                    }
                    else
                    {
                        long sx = GetSigned(m, e, size);
                        ulong ones = VectorRegisters.Mask(esize);
                        r = op switch
                        {
                            0 => sx > 0 ? ones : 0,
                            1 => sx >= 0 ? ones : 0,
                            2 => sx == 0 ? ones : 0,
                            3 => sx <= 0 ? ones : 0,
                            4 => sx < 0 ? ones : 0,
                            6 => (ulong)(sx < 0 ? -sx : sx), // wraps for the most negative element, as Abs() modulo 2^esize
                            _ => (ulong)(-sx),
                        };
                    }

                    Set(result, e, size, r);
                }

                break;
            }

            case 2:
                switch (b >> 1)
                {
                    case 0:
                        // VSWP: Dd <-> Dm.
                        Buffer.MemoryCopy(m, result, 32, bytes);
                        Buffer.MemoryCopy(dd, m, 16, bytes);
                        break;
                    case 1 or 2 or 3:
                        Permute(b >> 1, dd, m, result, elements, size);
                        Buffer.MemoryCopy(result + 16, m, 16, bytes);
                        break;
                    case 4 or 5:
                    {
                        // VMOVN (00), VQMOVUN (01), VQMOVN signed (10) / unsigned (11): Qm's elements narrowed to Dd.
                        int op = b & 3;
                        for (int e = 0; e < 8 >> size; e++)
                        {
                            ulong x = Get(m, e, size + 1);
                            long sx = GetSigned(m, e, size + 1);
                            ulong r = op switch
                            {
                                0 => x,
                                1 => VectorRegisters.UnsignedSaturate(sx, esize, ref saturated),
                                2 => VectorRegisters.SignedSaturate(sx, esize, ref saturated),
                                _ => VectorRegisters.UnsignedSaturate(x, esize, ref saturated),
                            };
                            Set(result, e, size, r);
                        }

                        bytes = 8;
                        break;
                    }

                    case 6:
                        // VSHLL #esize: Dm's elements widened and shifted left by their size.
                        for (int e = 0; e < 8 >> size; e++)
                        {
                            Set(result, e, size + 1, Get(m, e, size) << esize);
                        }

                        bytes = 16;
                        break;
                    case 12:
                        // VCVT.F16.F32 Dd, Qm.
                        for (int e = 0; e < 4; e++)
                        {
                            Set(result, e, 1, ArmFloat.Convert(Get(m, e, 2), fs, FloatFormat.Half, FpRounding.TiesToEven, fpcr, ref fpsr));
                        }

                        bytes = 8;
                        break;
                    default:
                        // VCVT.F32.F16 Qd, Dm.
                        for (int e = 0; e < 4; e++)
                        {
                            Set(result, e, 2, ArmFloat.Convert(Get(m, e, 1), FloatFormat.Half, fs, FpRounding.TiesToEven, fpcr, ref fpsr));
                        }

                        bytes = 16;
                        break;
                }

                break;
            default:
                for (int e = 0; e < elements; e++)
                {
                    ulong x = Get(m, e, 2), r;
                    if ((b >> 3) == 3)
                    {
                        r = ConvertInteger((b >> 1) & 3, x, fpcr, ref fpsr);
                    }
                    else
                    {
                        bool f = ((b >> 2) & 1) != 0, sqrt = ((b >> 1) & 1) != 0;
                        r = (f, sqrt) switch
                        {
                            (true, false) => ArmFloat.RecipEstimate(x, fs, fpcr, ref fpsr),
                            (true, true) => ArmFloat.RecipSqrtEstimate(x, fs, fpcr, ref fpsr),
                            (false, false) => ArmFloat.UnsignedRecipEstimate((uint)x),
                            _ => ArmFloat.UnsignedRecipSqrtEstimate((uint)x),
                        };
                    }

                    Set(result, e, 2, r);
                }

                break;
        }

        Store(v, d->Rd, result, bytes);
        if (saturated)
        {
            v.State.Fpsr |= VectorRegisters.FpsrQc;
        }

        v.State.Fpsr |= fpsr;
        return true;
    }

    private static ulong Mask(bool condition) => condition ? 0xFFFF_FFFFUL : 0;

    /// <summary>CountLeadingSignBits: the bits below the sign bit equal to it.</summary>
    private static int CountLeadingSignBits(long x, int esize)
    {
        ulong t = (ulong)(x ^ (x >> 1)) & VectorRegisters.Mask(esize - 1); // bit i: x[i] != x[i + 1]
        return t == 0 ? esize - 1 : esize - 2 - (63 - BitOperations.LeadingZeroCount(t));
    }

    /// <summary>VCVT between single precision and 32-bit integers: op 00 from signed, 01 from unsigned, 10/11 to signed/unsigned.</summary>
    private static ulong ConvertInteger(int op, ulong x, uint fpcr, ref uint fpsr) => op < 2
        ? ArmFloat.FromFixed(x, 32, unsigned: op == 1, 0, FloatFormat.Single, FpRounding.TiesToEven, fpcr, ref fpsr)
        : ArmFloat.ToFixed(x, FloatFormat.Single, 0, unsigned: op == 3, 32, FpRounding.Zero, fpcr, ref fpsr) & 0xFFFF_FFFF;

    /// <summary>VTRN (1), VUZP (2), VZIP (3) on Dd/Qd and Dm/Qm: the new Dd in result[0..], the new Dm in result[16..].</summary>
    private static void Permute(int op, byte* dd, byte* m, byte* result, int elements, int size)
    {
        byte* newD = result, newM = result + 16;
        switch (op)
        {
            case 1:
                for (int e = 0; e < elements; e += 2)
                {
                    Set(newD, e, size, Get(dd, e, size));
                    Set(newD, e + 1, size, Get(m, e, size));
                    Set(newM, e, size, Get(dd, e + 1, size));
                    Set(newM, e + 1, size, Get(m, e + 1, size));
                }

                break;
            case 2:
                for (int e = 0; e < elements; e++)
                {
                    // The concatenation Dm:Dd (Dd the low half) split into even and odd elements.
                    ulong even = 2 * e < elements ? Get(dd, 2 * e, size) : Get(m, (2 * e) - elements, size);
                    ulong odd = (2 * e) + 1 < elements ? Get(dd, (2 * e) + 1, size) : Get(m, (2 * e) + 1 - elements, size);
                    Set(newD, e, size, even);
                    Set(newM, e, size, odd);
                }

                break;
            default:
                for (int e = 0; e < elements; e++)
                {
                    // Interleave: Dd:Dm elements alternate, the low half to Dd.
                    int i = e / 2;
                    ulong x = (e & 1) == 0 ? Get(dd, i, size) : Get(m, i, size);
                    Set(newD, e, size, x);
                    int j = (elements + e) / 2;
                    ulong y = ((elements + e) & 1) == 0 ? Get(dd, j, size) : Get(m, j, size);
                    Set(newM, e, size, y);
                }

                break;
        }
    }
}
