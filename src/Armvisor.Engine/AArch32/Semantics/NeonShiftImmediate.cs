using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands.
/// <summary>
/// Advanced SIMD "two registers and a shift amount" (DDI0487 F5.1; opc = bits [11:8], L:imm6 gives the element size
/// and the amount): VSHR/VSRA/VRSHR/VRSRA, VSRI, VSHL/VSLI, VQSHL/VQSHLU (immediate), the narrowing VSHRN/VRSHRN/
/// VQSHRN/VQRSHRN/VQSHRUN/VQRSHRUN, VSHLL/VMOVL and VCVT between single precision and 32-bit fixed point.
/// Size = log2 of the (source, for narrowing the result) element bytes; Shift = the amount.
/// </summary>
internal static unsafe class NeonShiftImmediate
{
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rm = VfpOperands.RegisterM(raw, true);
        bool q = (raw & (1u << 6)) != 0, u = (raw & (1u << 24)) != 0;
        d->Flags = (byte)((q ? Quad : 0) | (u ? Unsigned : 0));
        bool even = !q || ((d->Rd | d->Rm) & 1) == 0;
        int opc = (int)((raw >> 8) & 0xF);
        int limm = (int)(((raw >> 1) & 0x40) | ((raw >> 16) & 0x3F)); // L:imm6
        int size = limm >= 64 ? 3 : limm >= 32 ? 2 : limm >= 16 ? 1 : 0;
        int esize = 8 << size;
        d->Size = (byte)size;
        d->Option = (byte)opc;
        switch (opc)
        {
            case <= 4:
                d->Shift = (byte)((2 * esize) - limm); // right shifts: 2 * esize - L:imm6 (esize - imm for 64 bits)
                return even && (opc != 4 || u);
            case 5 or 6 or 7:
                d->Shift = (byte)(limm - esize);
                return even && (opc != 6 || u);
            case 8 or 9:
                // Narrowing (L = 0, Q = op = rounding): Qm to Dd; Size is the result element size.
                d->Flags = (byte)((u ? Unsigned : 0) | (q ? 4 : 0));
                d->Shift = (byte)((2 * esize) - limm);
                return limm < 64 && (d->Rm & 1) == 0;
            case 10:
                d->Flags = (byte)(u ? Unsigned : 0);
                d->Shift = (byte)(limm - esize);
                return limm < 64 && !q && (d->Rd & 1) == 0; // VSHLL/VMOVL
            case 14 or 15:
                d->Shift = (byte)(64 - limm); // fraction bits
                return even && limm >= 32 && limm < 64;
            default:
                return false;
        }
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int size = d->Size, esize = 8 << size, shift = d->Shift, opc = d->Option;
        bool u = (d->Flags & Unsigned) != 0, saturated = false;
        byte* m = Pointer(v, d->Rm), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[16];
        int bytes = Bytes(d), elements = bytes >> size;
        ulong mask = VectorRegisters.Mask(esize);
        uint fpsr = 0;
        switch (opc)
        {
            case 8 or 9:
            {
                // VSHRN/VRSHRN (U = 0, opc 8), VQSHRUN/VQRSHRUN (U = 1, opc 8), VQSHRN/VQRSHRN (opc 9); op = rounding.
                bool rounding = (d->Flags & 4) != 0;
                bool signedSource = opc == 8 || !u;
                for (int e = 0; e < 8 >> size; e++)
                {
                    Int128 x = signedSource ? GetSigned(m, e, size + 1) : (Int128)Get(m, e, size + 1);
                    Int128 shifted = (x + (rounding ? Int128.One << (shift - 1) : 0)) >> shift;
                    ulong r = (opc, u) switch
                    {
                        (8, false) => (ulong)shifted & mask,
                        (8, true) => VectorRegisters.UnsignedSaturate(shifted, esize, ref saturated),
                        (_, false) => VectorRegisters.SignedSaturate(shifted, esize, ref saturated),
                        _ => VectorRegisters.UnsignedSaturate(shifted, esize, ref saturated),
                    };
                    Set(result, e, size, r);
                }

                bytes = 8;
                break;
            }

            case 10:
                for (int e = 0; e < 8 >> size; e++)
                {
                    ulong x = u ? Get(m, e, size) : (ulong)GetSigned(m, e, size);
                    Set(result, e, size + 1, x << shift);
                }

                bytes = 16;
                break;
            case 14 or 15:
            {
                // VCVT between single precision and fixed point: op (bit 8) = to fixed; U = unsigned.
                uint fpcr = StandardFpcr(v);
                for (int e = 0; e < elements; e++)
                {
                    ulong x = Get(m, e, 2);
                    ulong r = opc == 15
                        ? ArmFloat.ToFixed(x, FloatFormat.Single, shift, u, 32, FpRounding.Zero, fpcr, ref fpsr) & 0xFFFF_FFFF
                        : ArmFloat.FromFixed(x, 32, u, shift, FloatFormat.Single, FpRounding.TiesToEven, fpcr, ref fpsr);
                    Set(result, e, 2, r);
                }

                break;
            }

            default:
                for (int e = 0; e < elements; e++)
                {
                    Int128 x = u ? (Int128)Get(m, e, size) : GetSigned(m, e, size);
                    ulong old = Get(dd, e, size), r;
                    switch (opc)
                    {
                        case 0 or 1 or 2 or 3:
                        {
                            // VSHR, VSRA (accumulate), VRSHR, VRSRA (rounding): a shift by esize is allowed.
                            Int128 round = opc >= 2 ? Int128.One << (shift - 1) : 0;
                            ulong shifted = (ulong)((x + round) >> shift);
                            r = (opc & 1) != 0 ? old + shifted : shifted;
                            break;
                        }

                        case 4:
                        {
                            // VSRI: the shifted bits inserted, the top `shift` bits of Dd kept.
                            ulong insertMask = shift >= 64 ? 0 : mask >> shift;
                            ulong shifted = shift >= 64 ? 0 : Get(m, e, size) >> shift;
                            r = (old & ~insertMask) | (shifted & insertMask);
                            break;
                        }

                        case 5:
                            // VSHL (U = 0) and VSLI (U = 1: the low `shift` bits of Dd kept).
                            r = u ? (old & ~(mask << shift)) | (Get(m, e, size) << shift) : Get(m, e, size) << shift;
                            break;
                        case 6:
                            // VQSHLU: signed source, unsigned saturated result.
                            r = VectorRegisters.UnsignedSaturate((Int128)GetSigned(m, e, size) << shift, esize, ref saturated);
                            break;
                        default:
                            r = u ? VectorRegisters.UnsignedSaturate(x << shift, esize, ref saturated) : VectorRegisters.SignedSaturate(x << shift, esize, ref saturated);
                            break;
                    }

                    Set(result, e, size, r & mask);
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
}
