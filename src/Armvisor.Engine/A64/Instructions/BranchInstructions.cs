using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>Branches (DDI0487 C4.1.85): B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, BR, BLR, RET. Targets are absolute, computed at decode time.</summary>
internal static unsafe class BranchInstructions
{
    public static bool PrepareImm26(uint raw, DecodedInstruction* d)
    {
        d->Imm = d->Pc + (ulong)(((long)(raw & 0x3FF_FFFF) << 38) >> 36);
        return true;
    }

    public static bool PrepareImm19(uint raw, DecodedInstruction* d)
    {
        d->Imm = d->Pc + (ulong)(((long)((raw >> 5) & 0x7FFFF) << 45) >> 43);
        d->Option = (byte)(raw & 0xF);
        d->Flags = (byte)(raw >> 31);
        return true;
    }

    public static bool PrepareTestBranch(uint raw, DecodedInstruction* d)
    {
        d->Imm = d->Pc + (ulong)(((long)((raw >> 5) & 0x3FFF) << 50) >> 48);
        d->Shift = (byte)(((raw >> 26) & 0x20) | ((raw >> 19) & 0x1F));
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool B(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.State.Pc = d->Imm;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Bl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.X[30] = d->Pc + 4;
        v.State.Pc = d->Imm;
        return false;
    }

    /// <summary>B.cond: a not-taken branch continues (it is the block's last record, so the block falls through).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BCond(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!Alu.ConditionHolds(d->Option, v.State.Nzcv))
        {
            return true;
        }

        v.State.Pc = d->Imm;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Cbz(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong value = d->Flags != 0 ? v.X[d->Rd] : (uint)v.X[d->Rd];
        if (value != 0)
        {
            return true;
        }

        v.State.Pc = d->Imm;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Cbnz(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong value = d->Flags != 0 ? v.X[d->Rd] : (uint)v.X[d->Rd];
        if (value == 0)
        {
            return true;
        }

        v.State.Pc = d->Imm;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Tbz(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (((v.X[d->Rd] >> d->Shift) & 1) != 0)
        {
            return true;
        }

        v.State.Pc = d->Imm;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Tbnz(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (((v.X[d->Rd] >> d->Shift) & 1) == 0)
        {
            return true;
        }

        v.State.Pc = d->Imm;
        return false;
    }

    /// <summary>BR and RET (the hint differs, not the effect).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Br(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.State.Pc = v.X[d->Rn];
        return false;
    }

    /// <summary>BLR: the target is read before X30 is written (BLR X30 branches to the old X30).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Blr(InterpreterVcpu v, DecodedInstruction* d)
    {
        ulong target = v.X[d->Rn];
        v.X[30] = d->Pc + 4;
        v.State.Pc = target;
        return false;
    }
}
