using Iced.Intel;
using Armvisor.Engine.Execution;
using static Iced.Intel.AssemblerRegisters;

namespace Armvisor.Engine.Native;

/// <summary>
/// Branches (DDI0487 C4.1.65): the block's last record. Direct targets were computed at decode time and leave through
/// chaining stubs (the not-taken side of a conditional branch is the fall-through PC); BR/BLR/RET leave with the
/// register's value as the next PC (an unaligned one faults when the run loop fetches it, as in the interpreter).
/// </summary>
internal sealed unsafe partial class NativeBlockTranslator
{
    private void EmitBranch(DecodedInstruction* d, int index)
    {
        if (((d->Raw >> 31) & 1) != 0)
        {
            _a.mov(rax, d->Pc + 4); // BL: X30 = the return address
            StoreX(30, rax);
        }

        EmitDirectExit(d->Imm, index + 1);
    }

    private void EmitBranchConditional(DecodedInstruction* d, int index)
    {
        X86Condition holds = TestCondition(d->Option);
        if (holds == X86Condition.Always)
        {
            EmitDirectExit(d->Imm, index + 1);
            return;
        }

        Label taken = _a.CreateLabel();
        JumpIf(holds, taken);
        EmitDirectExit(d->Pc + 4, index + 1);
        _a.Label(ref taken);
        EmitDirectExit(d->Imm, index + 1);
    }

    /// <summary>CBZ/CBNZ: Rt is in the record's Rd slot; op (bit 24) = 1 is CBNZ.</summary>
    private void EmitCompareBranch(DecodedInstruction* d, int index)
    {
        bool nonZero = ((d->Raw >> 24) & 1) != 0;
        LoadX(rax, d->Rd);
        if (Is64(d))
        {
            _a.test(rax, rax);
        }
        else
        {
            _a.test(eax, eax);
        }

        Label taken = _a.CreateLabel();
        if (nonZero)
        {
            _a.jne(taken);
        }
        else
        {
            _a.je(taken);
        }

        EmitDirectExit(d->Pc + 4, index + 1);
        _a.Label(ref taken);
        EmitDirectExit(d->Imm, index + 1);
    }

    /// <summary>TBZ/TBNZ: the bit number is in Shift; op (bit 24) = 1 is TBNZ.</summary>
    private void EmitTestBranch(DecodedInstruction* d, int index)
    {
        bool nonZero = ((d->Raw >> 24) & 1) != 0;
        LoadX(rax, d->Rd);
        _a.bt(rax, d->Shift);
        Label taken = _a.CreateLabel();
        if (nonZero)
        {
            _a.jb(taken);
        }
        else
        {
            _a.jae(taken);
        }

        EmitDirectExit(d->Pc + 4, index + 1);
        _a.Label(ref taken);
        EmitDirectExit(d->Imm, index + 1);
    }

    /// <summary>BR/RET/BLR: BLR reads the target before it writes X30 (BLR X30 branches to the old X30).</summary>
    private void EmitBranchRegister(DecodedInstruction* d, int index)
    {
        LoadX(rax, d->Rn);
        if (((d->Raw >> 21) & 3) == 1)
        {
            _a.mov(rcx, d->Pc + 4);
            StoreX(30, rcx);
        }

        EmitIndirectExit(index + 1);
    }
}
