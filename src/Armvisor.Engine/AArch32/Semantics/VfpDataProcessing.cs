using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.A64.Simd;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: handlers run from the A32 loop with d pointing at its current record; register numbers are 5-bit (S0-S31,
// D0-D31), inside the vCPU's pinned 32 x 128-bit vector file.
/// <summary>
/// VFP data processing (DDI0487 F5.1: VMLA/VMLS/VNMLA/VNMLS, VMUL/VNMUL, VADD/VSUB, VDIV, VFMA/VFMS/VFNMA/VFNMS,
/// VMOV register and immediate, VABS, VNEG, VSQRT, VCMP/VCMPE): every operation is the A64 engine's
/// <see cref="ArmFloat"/> (the FPAdd/FPMul/FPMulAdd/FPSqrt/FPCompare pseudocode) on FPSCR's controls; the cumulative
/// flags go to FPSCR (FPSR). The chained multiply-accumulates round twice (FPAdd of FPMul), the fused ones once.
/// </summary>
internal static unsafe class VfpDataProcessing
{
    // Option values of the three-register group: opc1 (bits 23, 21:20) and op (bit 6) as the F5.1 pages list them.
    private const byte Mla = 0, Mls = 1, Nmls = 2, Nmla = 3, Mul = 4, Nmul = 5, Add = 6, Sub = 7, Div = 8;
    private const byte Fnms = 10, Fnma = 11, Fma = 12, Fms = 13;

    private static FloatFormat Format(DecodedInstruction* d) => d->Size == 3 ? FloatFormat.Double : FloatFormat.Single;

    /// <summary>Three registers: the operation from opc1 (bit 23, bits [21:20]) and op (bit 6).</summary>
    public static bool PrepareThreeRegister(uint raw, DecodedInstruction* d)
    {
        VfpOperands.ThreeRegisters(raw, d);
        uint opc1 = ((raw >> 21) & 4) | ((raw >> 20) & 3);
        d->Option = (byte)((opc1 << 1) | ((raw >> 6) & 1));
        return d->Option is not (9 or 14 or 15); // opc1 = 100 with op = 1 and opc1 = 111 are other rows or unallocated
    }

    public static bool ThreeRegister(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpScalar(d))
        {
            return false;
        }

        FloatFormat f = Format(d);
        int size = d->Size;
        uint fpcr = v.State.Fpcr, fpsr = 0;
        ulong n = v.ReadFp(d->Rn, size), m = v.ReadFp(d->Rm, size), acc = v.ReadFp(d->Rd, size);
        ulong result;
        switch (d->Option)
        {
            case Mla or Mls or Nmls or Nmla:
            {
                // F5.1 VMLA/VMLS: FPAdd(D, +/-FPMul(N, M)); VNMLA: FPAdd(FPNeg(D), FPNeg(product)); VNMLS: FPAdd(FPNeg(D), product).
                ulong product = ArmFloat.Mul(n, m, f, fpcr, ref fpsr);
                if (d->Option is Mls or Nmla)
                {
                    product = ArmFloat.Neg(product, f);
                }

                if (d->Option is Nmls or Nmla)
                {
                    acc = ArmFloat.Neg(acc, f);
                }

                result = ArmFloat.Add(acc, product, f, fpcr, ref fpsr);
                break;
            }

            case Mul:
                result = ArmFloat.Mul(n, m, f, fpcr, ref fpsr);
                break;
            case Nmul:
                result = ArmFloat.Neg(ArmFloat.Mul(n, m, f, fpcr, ref fpsr), f);
                break;
            case Add:
                result = ArmFloat.Add(n, m, f, fpcr, ref fpsr);
                break;
            case Sub:
                result = ArmFloat.Add(n, m, f, fpcr, ref fpsr, subtract: true);
                break;
            case Div:
                result = ArmFloat.Div(n, m, f, fpcr, ref fpsr);
                break;
            default:
            {
                // F5.1 VFMA/VFMS/VFNMA/VFNMS: FPMulAdd(+/-D, +/-N, M); VFMS and VFNMA negate N, VFNMA and VFNMS negate D.
                if (d->Option is Fms or Fnma)
                {
                    n = ArmFloat.Neg(n, f);
                }

                if (d->Option is Fnma or Fnms)
                {
                    acc = ArmFloat.Neg(acc, f);
                }

                // Seeded with the cumulative IXC as FpScalar does: the host fused path is taken only when IXC is already set.
                fpsr = v.State.Fpsr & FpExceptions.Inexact;
                result = ArmFloat.MulAdd(acc, n, m, f, fpcr, ref fpsr);
                break;
            }
        }

        v.WriteFp(d->Rd, size, result);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>VMOV/VABS (opc2 = 0000), VNEG/VSQRT (0001): Option = opc2 bit 16 : bit 7.</summary>
    public static bool PrepareTwoRegister(uint raw, DecodedInstruction* d)
    {
        VfpOperands.ThreeRegisters(raw, d);
        d->Option = (byte)(((raw >> 15) & 2) | ((raw >> 7) & 1));
        return true;
    }

    public static bool TwoRegister(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpScalar(d))
        {
            return false;
        }

        FloatFormat f = Format(d);
        ulong m = v.ReadFp(d->Rm, d->Size);
        uint fpsr = 0;
        ulong result = d->Option switch
        {
            0 => m,
            1 => ArmFloat.Abs(m, f),
            2 => ArmFloat.Neg(m, f),
            _ => ArmFloat.Sqrt(m, f, v.State.Fpcr, ref fpsr),
        };
        v.WriteFp(d->Rd, d->Size, result);
        v.State.Fpsr |= fpsr;
        return true;
    }

    /// <summary>VMOV (immediate): VFPExpandImm(imm4H:imm4L) at decode time (F5.1, the same expansion as A64 FMOV).</summary>
    public static bool PrepareMoveImmediate(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rd = VfpOperands.RegisterD(raw, dp);
        d->Imm = FpScalar.ExpandImmediate(((raw >> 12) & 0xF0) | (raw & 0xF), Format(d));
        return true;
    }

    public static bool MoveImmediate(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpScalar(d))
        {
            return false;
        }

        v.WriteFp(d->Rd, d->Size, d->Imm);
        return true;
    }

    /// <summary>VCMP/VCMPE: E (bit 7) signals on quiet NaNs; Option 1 compares with +0.0 (opc2 = 0101, Vm:M must be 0).</summary>
    public static bool PrepareCompare(uint raw, DecodedInstruction* d)
    {
        VfpOperands.ThreeRegisters(raw, d);
        d->Flags = (byte)((raw >> 7) & 1);
        d->Option = (byte)((raw >> 16) & 1);
        return d->Option == 0 || (raw & 0x2F) == 0;
    }

    /// <summary>FPCompare into FPSCR.NZCV (VMRS APSR_nzcv, FPSCR copies it to the APSR).</summary>
    public static bool Compare(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        uint fpsr = 0;
        ulong op2 = d->Option != 0 ? 0 : v.ReadFp(d->Rm, d->Size);
        uint nzcv = ArmFloat.Compare(v.ReadFp(d->Rd, d->Size), op2, Format(d), d->Flags != 0, v.State.Fpcr, ref fpsr);
        v.State.Fpsr = (v.State.Fpsr & 0x0FFF_FFFF) | nzcv | fpsr;
        return true;
    }
}
