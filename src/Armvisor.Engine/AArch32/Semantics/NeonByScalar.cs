using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;
using static Armvisor.Engine.AArch32.Semantics.NeonOperands;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as NeonOperands; the scalar register is Vm[2:0] (16-bit) or Vm (32-bit), index M:Vm[3] or M.
/// <summary>
/// Advanced SIMD "two registers and a scalar" (DDI0487 F5.1; opc = bits [11:8], bit 24 = Q for the same-length forms,
/// U for the long ones): VMLA/VMLS/VMUL (integer and single precision), VMLAL/VMLSL/VMULL, VQDMLAL/VQDMLSL/VQDMULL,
/// VQDMULH/VQRDMULH by a scalar. 8-bit elements are UNDEFINED, and so is a float scalar that is not 32-bit.
/// </summary>
internal static unsafe class NeonByScalar
{
    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Rd = VfpOperands.RegisterD(raw, true);
        d->Rn = VfpOperands.RegisterN(raw, true);
        int size = (int)((raw >> 20) & 3), opc = (int)((raw >> 8) & 0xF);
        uint vm = raw & 0xF, mBit = (raw >> 5) & 1;
        d->Size = (byte)size;
        d->Option = (byte)opc;
        d->Rm = (byte)(size == 1 ? vm & 7 : vm);
        d->Shift = (byte)(size == 1 ? (mBit << 1) | (vm >> 3) : mBit);
        bool bit24 = (raw & (1u << 24)) != 0;
        bool longForm = opc is 2 or 3 or 6 or 7 or 10 or 11;
        d->Flags = (byte)(longForm ? (bit24 ? Unsigned : 0) : (bit24 ? Quad : 0));
        bool q = !longForm && bit24;
        if (size is 0 or 3 || opc is 14 or 15)
        {
            return false;
        }

        if (opc is 1 or 5 or 9 && size != 2)
        {
            return false; // float scalar: 32-bit only (16-bit is FEAT_FP16)
        }

        if (opc is 3 or 7 or 11 && bit24)
        {
            return false; // VQDMLAL/VQDMLSL/VQDMULL are signed only
        }

        return longForm ? (d->Rd & 1) == 0 : !q || ((d->Rd | d->Rn) & 1) == 0;
    }

    public static bool Execute(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int size = d->Size, esize = 8 << size, opc = d->Option;
        bool longForm = opc is 2 or 3 or 6 or 7 or 10 or 11, u = (d->Flags & Unsigned) != 0, saturated = false;
        byte* n = Pointer(v, d->Rn), dd = Pointer(v, d->Rd);
        byte* result = stackalloc byte[16];
        ulong scalar = Get(Pointer(v, d->Rm), d->Shift, size);
        int elements = longForm ? 8 >> size : Bytes(d) >> size;
        uint fpcr = StandardFpcr(v), fpsr = 0;
        FloatFormat f = FloatFormat.Single;
        ulong mask = VectorRegisters.Mask(esize);
        for (int e = 0; e < elements; e++)
        {
            ulong x = Get(n, e, size), r;
            if (longForm)
            {
                Int128 a = u ? (Int128)x : GetSigned(n, e, size);
                Int128 b = u ? (Int128)scalar : VectorRegisters.SignExtend(scalar, esize);
                ulong acc = Get(dd, e, size + 1);
                r = opc switch
                {
                    2 => acc + (ulong)(a * b),
                    6 => acc - (ulong)(a * b),
                    10 => (ulong)(a * b),
                    11 => VectorRegisters.SignedSaturate(2 * a * b, 2 * esize, ref saturated),
                    _ => NeonThreeDifferent.DoublingAccumulate(acc, a, b, 2 * esize, subtract: opc == 7, ref saturated),
                };
                Set(result, e, size + 1, r);
                continue;
            }

            ulong old = Get(dd, e, size);
            switch (opc)
            {
                case 0: r = old + (x * scalar); break;
                case 4: r = old - (x * scalar); break;
                case 8: r = x * scalar; break;
                case 1 or 5:
                {
                    ulong product = ArmFloat.Mul(x, scalar, f, fpcr, ref fpsr);
                    r = ArmFloat.Add(old, opc == 5 ? ArmFloat.Neg(product, f) : product, f, fpcr, ref fpsr);
                    break;
                }

                case 9: r = ArmFloat.Mul(x, scalar, f, fpcr, ref fpsr); break;
                default:
                {
                    // VQDMULH (12) / VQRDMULH (13).
                    Int128 product = (2 * (Int128)GetSigned(n, e, size) * VectorRegisters.SignExtend(scalar, esize))
                        + (opc == 13 ? Int128.One << (esize - 1) : 0);
                    r = VectorRegisters.SignedSaturate(product >> esize, esize, ref saturated);
                    break;
                }
            }

            Set(result, e, size, r & mask);
        }

        Store(v, d->Rd, result, longForm ? 16 : Bytes(d));
        if (saturated)
        {
            v.State.Fpsr |= VectorRegisters.FpsrQc;
        }

        v.State.Fpsr |= fpsr;
        return true;
    }
}
