using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// The T32 branches whose encodings have no A32 twin (DDI0487 F5.1: B T1-T4, BL, BLX (immediate), CBZ/CBNZ, TBB/TBH)
/// and ADR. The PC reads as the instruction's address + 4; BL and BLX write LR = the next instruction with bit 0 set.
/// </summary>
internal static unsafe class T32Branch
{
    /// <summary>B T1: Option = cond, Imm = SignExtend(imm8:'0').</summary>
    public static bool PrepareConditional16(uint raw, DecodedInstruction* d)
    {
        d->Option = (byte)((raw >> 8) & 0xF);
        d->Imm = (ulong)(long)((int)(raw << 24) >> 23);
        return true;
    }

    /// <summary>B T2: Imm = SignExtend(imm11:'0').</summary>
    public static bool PrepareUnconditional16(uint raw, DecodedInstruction* d)
    {
        d->Option = 0xE;
        d->Imm = (ulong)(long)((int)(raw << 21) >> 20);
        return true;
    }

    /// <summary>B T3: Option = cond, Imm = SignExtend(S:J2:J1:imm6:imm11:'0').</summary>
    public static bool PrepareConditional32(uint raw, DecodedInstruction* d)
    {
        uint s = (raw >> 26) & 1, j1 = (raw >> 13) & 1, j2 = (raw >> 11) & 1;
        uint imm = (s << 20) | (j2 << 19) | (j1 << 18) | (((raw >> 16) & 0x3F) << 12) | ((raw & 0x7FF) << 1);
        d->Option = (byte)((raw >> 22) & 0xF);
        d->Imm = (ulong)(long)((int)(imm << 11) >> 11);
        return true;
    }

    /// <summary>B T4, BL, BLX: I1 = NOT(J1 EOR S), I2 = NOT(J2 EOR S), Imm = SignExtend(S:I1:I2:imm10:imm11:'0').</summary>
    public static bool PrepareLong(uint raw, DecodedInstruction* d)
    {
        uint s = (raw >> 26) & 1, i1 = ~((raw >> 13) ^ s) & 1, i2 = ~((raw >> 11) ^ s) & 1;
        uint imm = (s << 24) | (i1 << 23) | (i2 << 22) | (((raw >> 16) & 0x3FF) << 12) | ((raw & 0x7FF) << 1);
        d->Option = 0xE;
        d->Imm = (ulong)(long)((int)(imm << 7) >> 7);
        return true;
    }

    public static bool Branch(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (d->Option < 0xE && !v.ConditionPassed(d->Option))
        {
            return true;
        }

        v.State.Pc = (uint)(d->Pc + 4 + d->Imm);
        return false;
    }

    public static bool BranchWithLink(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(14, InterpreterVcpu.NextPc(d) | 1);
        v.State.Pc = (uint)(d->Pc + 4 + d->Imm);
        return false;
    }

    /// <summary>BLX (immediate) T2: to A32 at Align(PC, 4) + imm32.</summary>
    public static bool BranchWithLinkExchange(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(14, InterpreterVcpu.NextPc(d) | 1);
        v.State.Thumb = false;
        v.State.Pc = (uint)((((uint)d->Pc + 4) & ~3u) + d->Imm);
        return false;
    }

    /// <summary>CBZ/CBNZ: Rn, Imm = i:imm5:'0', Option = 1 for CBNZ.</summary>
    public static bool PrepareCompareBranch(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)(raw & 7);
        d->Imm = (((raw >> 9) & 1) << 6) | (((raw >> 3) & 0x1F) << 1);
        d->Option = (byte)((raw >> 11) & 1);
        return true;
    }

    public static bool CompareAndBranch(InterpreterVcpu v, DecodedInstruction* d)
    {
        bool zero = v.R(d, d->Rn) == 0;
        if (zero == (d->Option != 0))
        {
            return true;
        }

        v.State.Pc = (uint)(d->Pc + 4 + d->Imm);
        return false;
    }

    /// <summary>TBB/TBH: Rn, Rm, Size = 1 or 2 (H).</summary>
    public static bool PrepareTableBranch(uint raw, DecodedInstruction* d)
    {
        d->Rn = (byte)((raw >> 16) & 0xF);
        d->Rm = (byte)(raw & 0xF);
        d->Size = (byte)((raw & 0x10) != 0 ? 2 : 1);
        return d->Rm != 15 && d->Rm != 13; // UNPREDICTABLE: UNDEFINED here
    }

    /// <summary>TBB/TBH: PC = PC + 2 * the byte [Rn + Rm] or the halfword [Rn + 2 * Rm].</summary>
    public static bool TableBranch(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint baseValue = v.R(d, d->Rn), index = v.R(d, d->Rm);
        d->Iss = 0;
        uint entry;
        if (d->Size == 1)
        {
            if (!v.TryRead(baseValue + index, d, out byte b))
            {
                return false;
            }

            entry = b;
        }
        else
        {
            if (!v.TryRead(baseValue + (index << 1), d, out ushort h))
            {
                return false;
            }

            entry = h;
        }

        v.State.Pc = (uint)d->Pc + 4 + (entry << 1);
        return false;
    }

    /// <summary>ADR T1 (Rd, imm8:'00'), ADR T2/T3 (ADDW/SUBW with Rn = PC: Flags = 1 to subtract).</summary>
    public static bool PrepareAddress16(uint raw, DecodedInstruction* d)
    {
        d->Rd = (byte)((raw >> 8) & 7);
        d->Imm = (raw & 0xFF) << 2;
        return true;
    }

    /// <summary>ADR: Rd = Align(PC, 4) +/- imm32.</summary>
    public static bool Address(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint pc = v.R(d, 15) & ~3u;
        v.WriteR(d->Rd, d->Flags != 0 ? pc - (uint)d->Imm : pc + (uint)d->Imm);
        return true;
    }

    /// <summary>IT: ITSTATE = firstcond:mask. firstcond = 1111, or AL with more than one instruction, is UNPREDICTABLE.</summary>
    public static bool PrepareIfThen(uint raw, DecodedInstruction* d)
    {
        uint firstCondition = (raw >> 4) & 0xF, mask = raw & 0xF;
        d->Imm = raw & 0xFF;
        return firstCondition != 0xF && (firstCondition != 0xE || uint.PopCount(mask) == 1);
    }

    public static bool IfThen(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.State.ItState = (uint)d->Imm;
        return true;
    }
}
