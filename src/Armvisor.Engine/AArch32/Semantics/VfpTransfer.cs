using Armvisor.Arm64;
using Armvisor.Engine.AArch32.System;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as VfpDataProcessing; scalar indices are bounded by the element count of a doubleword.
/// <summary>
/// Transfers between the general-purpose and the extension registers (DDI0487 F5.1): VMOV between a core register and
/// a single register, two core registers and two singles or a double, a core register and a scalar (byte, halfword,
/// word; the byte and halfword forms are Advanced SIMD), and VMRS/VMSR of the FP system registers: FPSCR (any PL;
/// VMRS APSR_nzcv copies FPSCR.NZCV to the flags), FPSID, MVFR0/MVFR1 and FPEXC (PL1 only, not gated by FPEXC.EN;
/// FPSID and MVFR reads trap to EL2 under HCR_EL2.TID0/TID3 with EC 0x08). PC as a transfer register is
/// UNPREDICTABLE, declared UNDEFINED, except for VMRS APSR_nzcv.
/// </summary>
internal static unsafe class VfpTransfer
{
    private const int FpsidReg = 0, FpscrReg = 1, Mvfr1Reg = 6, Mvfr0Reg = 7, FpexcReg = 8;

    /// <summary>VMOV Sn, Rt / Rt, Sn: op (bit 20) = to core.</summary>
    public static bool PrepareCoreSingle(uint raw, DecodedInstruction* d)
    {
        d->Rn = VfpOperands.RegisterN(raw, false);
        d->Rd = (byte)((raw >> 12) & 0xF);
        return d->Rd != 15;
    }

    public static bool CoreSingle(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        if ((d->Raw & (1u << 20)) != 0)
        {
            v.WriteR(d->Rd, v.ReadS(d->Rn));
        }
        else
        {
            v.WriteS(d->Rn, v.R(d, d->Rd));
        }

        return true;
    }

    /// <summary>VMOV Sm, Sm1, Rt, Rt2 / Dm, Rt, Rt2 and back (bit 8 = double); Sm = S31 or a PC, or Rt = Rt2 on a read, is UNPREDICTABLE.</summary>
    public static bool PrepareCoreDouble(uint raw, DecodedInstruction* d)
    {
        bool dp = VfpOperands.IsDouble(raw);
        d->Size = (byte)(dp ? 3 : 2);
        d->Rm = VfpOperands.RegisterM(raw, dp);
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Rn = (byte)((raw >> 16) & 0xF);
        bool toCore = (raw & (1u << 20)) != 0;
        return d->Rd != 15 && d->Rn != 15 && (dp || d->Rm != 31) && !(toCore && d->Rd == d->Rn);
    }

    public static bool CoreDouble(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        bool dp = d->Size == 3;
        if ((d->Raw & (1u << 20)) != 0)
        {
            ulong value = dp ? v.ReadD(d->Rm) : ((ulong)v.ReadS(d->Rm + 1) << 32) | v.ReadS(d->Rm);
            v.WriteR(d->Rd, (uint)value);
            v.WriteR(d->Rn, (uint)(value >> 32));
            return true;
        }

        uint low = v.R(d, d->Rd), high = v.R(d, d->Rn);
        if (dp)
        {
            v.WriteD(d->Rm, ((ulong)high << 32) | low);
        }
        else
        {
            v.WriteS(d->Rm, low);
            v.WriteS(d->Rm + 1, high);
        }

        return true;
    }

    /// <summary>
    /// VMOV scalar: opc1:opc2 (bits [22:21], [6:5]) give the size and index (1xxx byte, 0xx1 halfword, 0x00 word;
    /// 0x10 UNDEFINED); Size = log2 bytes, Option = index, Flags = unsigned (U, bit 23, for the read).
    /// </summary>
    public static bool PrepareScalar(uint raw, DecodedInstruction* d)
    {
        uint opc = ((raw >> 19) & 0xC) | ((raw >> 5) & 3);
        bool toCore = (raw & (1u << 20)) != 0;
        d->Rn = VfpOperands.RegisterN(raw, true); // the Dd/Dn of the scalar is D:Vd (Vd in [19:16], D in bit 7)
        d->Rd = (byte)((raw >> 12) & 0xF);
        d->Flags = (byte)((raw >> 23) & 1);
        if ((opc & 8) != 0)
        {
            d->Size = 0;
            d->Option = (byte)(opc & 7);
        }
        else if ((opc & 1) != 0)
        {
            d->Size = 1;
            d->Option = (byte)((opc >> 1) & 3);
        }
        else if ((opc & 3) == 0)
        {
            d->Size = 2;
            d->Option = (byte)((opc >> 2) & 1);
            if (d->Flags != 0 && toCore)
            {
                return false; // U = 1 with a word is UNDEFINED
            }
        }
        else
        {
            return false;
        }

        return d->Rd != 15;
    }

    public static bool Scalar(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.CheckVfpAccess(d))
        {
            return false;
        }

        int bits = 8 << d->Size, shift = d->Option * bits;
        ulong mask = (bits == 32 ? 0xFFFF_FFFFUL : (1UL << bits) - 1) << shift;
        ulong doubleword = v.ReadD(d->Rn);
        if ((d->Raw & (1u << 20)) != 0)
        {
            ulong element = (doubleword & mask) >> shift;
            uint value = d->Flags != 0 || bits == 32 ? (uint)element : (uint)((long)(element << (64 - bits)) >> (64 - bits));
            v.WriteR(d->Rd, value);
        }
        else
        {
            v.WriteD(d->Rn, (doubleword & ~mask) | (((ulong)v.R(d, d->Rd) << shift) & mask));
        }

        return true;
    }

    /// <summary>VMRS/VMSR: reg in Rn, Rt in Rd (PC only for VMRS APSR_nzcv, FPSCR).</summary>
    public static bool PrepareSystem(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rd = (byte)((raw >> 12) & 0xF);
        bool read = (raw & (1u << 20)) != 0;
        if (d->Rn is not (FpsidReg or FpscrReg or Mvfr1Reg or Mvfr0Reg or FpexcReg))
        {
            return false; // FPINST/FPINST2 (not in VFPv3 and later), MVFR2 (Armv8) and the rest are UNDEFINED here
        }

        return d->Rd != 15 || (read && d->Rn == FpscrReg);
    }

    public static bool MoveFromSystem(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (d->Rn == FpscrReg)
        {
            if (!v.CheckVfpAccess(d))
            {
                return false;
            }

            uint fpscr = v.Fpscr;
            if (d->Rd == 15)
            {
                v.State.Nzcv = fpscr & 0xF000_0000;
            }
            else
            {
                v.WriteR(d->Rd, fpscr);
            }

            return true;
        }

        if (!CheckPrivileged(v, d, read: true))
        {
            return false;
        }

        v.WriteR(d->Rd, d->Rn switch
        {
            FpsidReg => VfpIdentification.Fpsid,
            Mvfr0Reg => VfpIdentification.Mvfr0,
            Mvfr1Reg => VfpIdentification.Mvfr1,
            _ => v.Fpexc,
        });
        return true;
    }

    public static bool MoveToSystem(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (d->Rn == FpscrReg)
        {
            if (!v.CheckVfpAccess(d))
            {
                return false;
            }

            v.Fpscr = v.R(d, d->Rd);
            return true;
        }

        if (!CheckPrivileged(v, d, read: false))
        {
            return false;
        }

        if (d->Rn == FpexcReg)
        {
            v.Fpexc = v.R(d, d->Rd);
        }

        return true; // FPSID and MVFR writes are ignored
    }

    /// <summary>PL1 only (UNDEFINED at PL0), CPACR/HCPTR checked without FPEXC.EN, the HCR_EL2 ID-group traps for reads.</summary>
    private static bool CheckPrivileged(InterpreterVcpu v, DecodedInstruction* d, bool read)
    {
        if (v.State.CurrentEl == 0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        if (!v.CheckVfpAccess(d, checkFpexc: false))
        {
            return false;
        }

        ulong trap = d->Rn == FpsidReg ? HcrBits.Tid0 : d->Rn is Mvfr0Reg or Mvfr1Reg ? HcrBits.Tid3 : 0;
        if (read && trap != 0 && v.Registers.El2Enabled && (v.Hcr & trap) != 0)
        {
            // EC 0x08 (D24.2.40): the ISS of an MRC with Opc1 = 7, CRn = reg, CRm = 0, Opc2 = 0, direction read.
            uint iss = A32Exceptions.ConditionIss(d->Raw) | (7u << 14) | ((uint)d->Rn << 10) | ((uint)v.XIndex(d->Rd) << 5) | 1;
            v.ExitToAgent(2, ExceptionSyndrome.Create(ExceptionClass.VmrsCp10, iss), d->Pc);
            return false;
        }

        return true;
    }
}
