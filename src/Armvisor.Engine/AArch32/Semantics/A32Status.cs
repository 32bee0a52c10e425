using Armvisor.Engine.AArch32.Cpu;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// Status-register and mode instructions (DDI0487 F5.1: MRS, MSR (immediate, register), MRS/MSR (banked register),
/// CPS, SRS, RFE) with the pseudocode's CPSRWriteByInstr / SPSRWriteByInstr rules: at EL0 only NZCVQ, GE and E are
/// written; a mode change to a mode the engine does not run (Hyp, Monitor, reserved) is an illegal change (PSTATE.IL).
/// MRS hides the execution-state bits (T, IT). SPSR access in usr/sys and SRS/RFE there are UNPREDICTABLE: UNDEFINED.
/// </summary>
internal static unsafe class A32Status
{
    private const uint MrsMask = 0xF8FF_03DF;

    public static bool MoveFromStatus(InterpreterVcpu v, DecodedInstruction* d)
    {
        int rd = (int)((d->Raw >> 12) & 0xF);
        uint value;
        if ((d->Raw & (1u << 22)) != 0)
        {
            if (!v.TryReadSpsr(out value))
            {
                return A32Exceptions.Undefined(v, d);
            }
        }
        else
        {
            value = v.Cpsr & MrsMask;
        }

        if (rd == 15)
        {
            return A32Exceptions.Undefined(v, d);
        }

        v.WriteR(rd, value);
        return true;
    }

    public static bool MoveToStatusRegister(InterpreterVcpu v, DecodedInstruction* d) =>
        MoveToStatus(v, d, v.R(d, (int)(d->Raw & 0xF)), (d->Raw & 0xF) == 15);

    public static bool MoveToStatusImmediate(InterpreterVcpu v, DecodedInstruction* d) =>
        MoveToStatus(v, d, uint.RotateRight(d->Raw & 0xFF, (int)((d->Raw >> 8) & 0xF) * 2), false);

    private static bool MoveToStatus(InterpreterVcpu v, DecodedInstruction* d, uint value, bool unpredictable)
    {
        uint mask = (d->Raw >> 16) & 0xF;
        if (unpredictable || mask == 0)
        {
            return A32Exceptions.Undefined(v, d);
        }

        if ((d->Raw & (1u << 22)) != 0)
        {
            if (!v.TryReadSpsr(out uint spsr))
            {
                return A32Exceptions.Undefined(v, d);
            }

            uint bytes = ByteMask(mask);
            v.TryWriteSpsr(v.State.Mode, (spsr & ~bytes) | (value & bytes));
            return true;
        }

        WriteCpsrByInstruction(v, value, mask);
        return true;
    }

    private static uint ByteMask(uint mask) =>
        ((mask & 8) != 0 ? 0xFF00_0000u : 0) | ((mask & 4) != 0 ? 0x00FF_0000u : 0) | ((mask & 2) != 0 ? 0x0000_FF00u : 0)
        | ((mask & 1) != 0 ? 0x0000_00FFu : 0);

    /// <summary>CPSRWriteByInstr (DDI0487 G1 shared pseudocode).</summary>
    private static void WriteCpsrByInstruction(InterpreterVcpu v, uint value, uint mask)
    {
        CpuState s = v.State;
        bool privileged = s.CurrentEl != 0;
        if ((mask & 8) != 0)
        {
            s.Nzcv = value & 0xF000_0000;
            s.QGe = (s.QGe & ~(1u << 27)) | (value & (1u << 27));
        }

        if ((mask & 4) != 0)
        {
            s.QGe = (s.QGe & ~0x000F_0000u) | (value & 0x000F_0000);
        }

        if ((mask & 2) != 0)
        {
            s.BigEndian = (value & (1u << 9)) != 0;
            if (privileged)
            {
                s.Daif = (s.Daif & ~0x100u) | (value & 0x100);
            }
        }

        if ((mask & 1) != 0 && privileged)
        {
            s.Daif = (s.Daif & ~0xC0u) | (value & 0xC0);
            WriteModeByInstruction(v, value & 0x1F);
        }
    }

    /// <summary>AArch32.WriteModeByInstr: a change to a mode the engine does not execute sets PSTATE.IL instead.</summary>
    private static void WriteModeByInstruction(InterpreterVcpu v, uint mode)
    {
        if (mode == v.State.Mode)
        {
            return;
        }

        if (!BankedRegisterMap.IsExecutable(mode) || mode == (uint)ProcessorMode.User && v.State.CurrentEl == 0)
        {
            v.State.IllegalState = true;
            return;
        }

        v.WriteMode(mode);
    }

    private static int BankedTarget(DecodedInstruction* d, out uint spsrMode)
    {
        uint sysm = (((d->Raw >> 8) & 1) << 4) | ((d->Raw >> 16) & 0xF);
        return BankedRegisterMap.Banked((d->Raw & (1u << 22)) != 0, sysm, out spsrMode);
    }

    public static bool MoveFromBanked(InterpreterVcpu v, DecodedInstruction* d)
    {
        int rd = (int)((d->Raw >> 12) & 0xF);
        int target = BankedTarget(d, out uint spsrMode);
        if (v.State.CurrentEl == 0 || target == -2 || rd == 15)
        {
            return A32Exceptions.Undefined(v, d);
        }

        uint value;
        if (target == -1)
        {
            v.TryReadSpsr(spsrMode, out value);
        }
        else
        {
            value = (uint)v.X[target];
        }

        v.WriteR(rd, value);
        return true;
    }

    public static bool MoveToBanked(InterpreterVcpu v, DecodedInstruction* d)
    {
        int rn = (int)(d->Raw & 0xF);
        int target = BankedTarget(d, out uint spsrMode);
        if (v.State.CurrentEl == 0 || target == -2 || rn == 15)
        {
            return A32Exceptions.Undefined(v, d);
        }

        uint value = v.R(d, rn);
        if (target == -1)
        {
            v.TryWriteSpsr(spsrMode, value);
        }
        else
        {
            v.X[target] = value;
        }

        return true;
    }

    /// <summary>CPS: imod 10 clears (enables), 11 sets (disables) the selected A/I/F masks; M changes mode. A NOP at EL0.</summary>
    public static bool ChangeProcessorState(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint raw = d->Raw;
        uint imod = (raw >> 18) & 3;
        bool changeMode = (raw & (1u << 17)) != 0;
        uint aif = raw & 0x1C0;
        if (imod == 1 || (imod == 0 && !changeMode) || ((imod & 2) != 0) == (aif == 0) || (imod == 0 && aif != 0)
            || (!changeMode && (raw & 0x1F) != 0))
        {
            return A32Exceptions.Undefined(v, d);
        }

        if (v.State.CurrentEl == 0)
        {
            return true;
        }

        if (imod == 2)
        {
            v.State.Daif &= ~aif;
        }
        else if (imod == 3)
        {
            v.State.Daif |= aif;
        }

        if (changeMode)
        {
            WriteModeByInstruction(v, raw & 0x1F);
        }

        return true;
    }

    /// <summary>The lowest address of the two words SRS/RFE transfer, and the written-back base (P, U as for LDM/STM).</summary>
    private static (uint Address, uint WrittenBack) TwoWordAddress(uint raw, uint baseValue)
    {
        bool p = (raw & (1u << 24)) != 0, u = (raw & (1u << 23)) != 0;
        uint address = u ? (p ? baseValue + 4 : baseValue) : (p ? baseValue - 8 : baseValue - 4);
        return (address, u ? baseValue + 8 : baseValue - 8);
    }

    /// <summary>SRS: LR and SPSR of the current mode to the stack of <c>mode</c>.</summary>
    public static bool StoreReturnState(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint mode = d->Raw & 0x1F;
        if (!v.TryReadSpsr(out uint spsr) || !BankedRegisterMap.IsExecutable(mode) || mode == (uint)ProcessorMode.User)
        {
            return A32Exceptions.Undefined(v, d);
        }

        uint sp = v.ReadModeRegister(mode, 13);
        (uint address, uint written) = TwoWordAddress(d->Raw, sp);
        d->Iss = 0;
        if ((address & 3) != 0)
        {
            v.RaiseAlignmentFault(address, d, write: true);
            return false;
        }

        if (!v.TryWrite(address, d, v.R(d, 14)) || !v.TryWrite(address + 4, d, spsr))
        {
            return false;
        }

        if ((d->Raw & (1u << 21)) != 0)
        {
            v.WriteModeRegister(mode, 13, written);
        }

        return true;
    }

    /// <summary>RFE: PC and CPSR from memory at Rn — the exception return.</summary>
    public static bool ReturnFromException(InterpreterVcpu v, DecodedInstruction* d)
    {
        int rn = (int)((d->Raw >> 16) & 0xF);
        if (v.State.CurrentEl == 0 || rn == 15)
        {
            return A32Exceptions.Undefined(v, d);
        }

        (uint address, uint written) = TwoWordAddress(d->Raw, v.R(d, rn));
        d->Iss = 0;
        if ((address & 3) != 0)
        {
            v.RaiseAlignmentFault(address, d, write: false);
            return false;
        }

        if (!v.TryRead(address, d, out uint pc) || !v.TryRead(address + 4, d, out uint psr))
        {
            return false;
        }

        if ((d->Raw & (1u << 21)) != 0)
        {
            v.WriteR(rn, written);
        }

        v.A32ExceptionReturn(pc, psr);
        return false;
    }
}
