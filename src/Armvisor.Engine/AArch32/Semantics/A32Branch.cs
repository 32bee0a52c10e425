using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>B, BL, BLX (immediate and register), BX, BXJ (DDI0487 F5.1.x); the target of B/BL is PC + 8 + imm24:'00'.</summary>
internal static unsafe class A32Branch
{
    /// <summary>Imm = SignExtend(imm24:'00') (+ H:'0' for BLX immediate).</summary>
    public static bool PrepareImmediate(uint raw, DecodedInstruction* d)
    {
        int offset = (int)(raw << 8) >> 6;
        if ((raw >> 28) == 0xF)
        {
            offset |= (int)((raw >> 23) & 2);
        }

        d->Imm = (ulong)(long)offset;
        return true;
    }

    public static bool PrepareRegister(uint raw, DecodedInstruction* d)
    {
        d->Rm = (byte)(raw & 0xF);
        return true;
    }

    public static bool Branch(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.State.Pc = (uint)(d->Pc + 8 + d->Imm);
        return false;
    }

    public static bool BranchWithLink(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(14, (uint)d->Pc + 4);
        v.State.Pc = (uint)(d->Pc + 8 + d->Imm);
        return false;
    }

    /// <summary>BLX (immediate): to T32 at Align(PC, 4) + imm32.</summary>
    public static bool BranchWithLinkExchangeImmediate(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.WriteR(14, (uint)d->Pc + 4);
        v.State.Thumb = true;
        v.State.Pc = (uint)(d->Pc + 8 + d->Imm);
        return false;
    }

    public static bool BranchExchange(InterpreterVcpu v, DecodedInstruction* d) => v.BranchExchange(v.R(d, d->Rm));

    public static bool BranchWithLinkExchangeRegister(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint target = v.R(d, d->Rm);
        // LR = the next instruction, with bit 0 set when it is T32 (F5.1.x BLX (register)).
        v.WriteR(14, v.State.Thumb ? InterpreterVcpu.NextPc(d) | 1 : (uint)d->Pc + 4);
        return v.BranchExchange(target);
    }
}
