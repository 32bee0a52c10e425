using Armvisor.Arm64;
using Armvisor.Engine.A64.Instructions;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: as A32Exceptions.
/// <summary>
/// The A32 hint space (F5.1: NOP, YIELD, WFE, WFI, SEV, SEVL; other hints NOP), preload hints, and barriers (DMB, DSB,
/// ISB; a DSB completes this PE's broadcast TLB maintenance, DDI0487 D8.13.8 / G5.x). WFE/WFI trap as
/// AArch32.CheckForWFxTrap says: from EL0 with SCTLR.nTWx = 0 to EL1 (Undefined Instruction), then HCR_EL2.TWx to EL2,
/// SCR_EL3.TWx to EL3, with EC 0x01, CV = 1, COND and TI.
/// </summary>
internal static unsafe class A32Hints
{
    private const ulong SctlrNTwi = 1UL << 16;
    private const ulong SctlrNTwe = 1UL << 18;
    private const ulong ScrTwi = 1UL << 12;
    private const ulong ScrTwe = 1UL << 13;

    public static bool Prepare(uint raw, DecodedInstruction* d)
    {
        d->Handler = (raw & 0xFF) switch
        {
            2 => &Wfe,
            3 => &Wfi,
            // NOP, SEV and SEVL do the same in both instruction sets (DDI0487 C6.2, F5.1): one definition each.
            4 => &HintInstructions.Sev,
            5 => &HintInstructions.Sevl,
            _ => &HintInstructions.Nop,
        };
        return true;
    }

    public static bool Wfi(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (TrapWfx(v, d, isWfe: false))
        {
            return false;
        }

        v.WaitForInterrupt();
        v.State.Pc = InterpreterVcpu.NextPc(d);
        return false;
    }

    /// <summary>WFE with the event register set clears it and completes without trapping (DDI0487 D1.16.2).</summary>
    public static bool Wfe(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.ConsumeEvent())
        {
            return true;
        }

        if (TrapWfx(v, d, isWfe: true))
        {
            return false;
        }

        v.WaitForEvent();
        v.State.Pc = InterpreterVcpu.NextPc(d);
        return false;
    }

    private static bool TrapWfx(InterpreterVcpu v, DecodedInstruction* d, bool isWfe)
    {
        var syndrome = ExceptionSyndrome.Create(ExceptionClass.WfiWfe, A32Exceptions.ConditionIss(d->Raw) | (isWfe ? 1u : 0u));
        if (v.State.CurrentEl == 0 && (v.Sctlr & (isWfe ? SctlrNTwe : SctlrNTwi)) == 0)
        {
            v.RaiseSynchronous(d, syndrome, 0, d->Pc);
            return true;
        }

        if ((v.Hcr & (isWfe ? HcrBits.Twe : HcrBits.Twi)) != 0)
        {
            v.ExitToAgent(2, syndrome, d->Pc);
            return true;
        }

        if ((v.Scr & (isWfe ? ScrTwe : ScrTwi)) != 0)
        {
            v.ExitToAgent(3, syndrome, d->Pc);
            return true;
        }

        return false;
    }

    public static bool DataMemoryBarrier(InterpreterVcpu v, DecodedInstruction* d)
    {
        Interlocked.MemoryBarrier();
        return true;
    }

    public static bool DataSynchronizationBarrier(InterpreterVcpu v, DecodedInstruction* d)
    {
        Interlocked.MemoryBarrier();
        v.CompleteBroadcastTlbMaintenance();
        return true;
    }

    /// <summary>ISB: instructions are fetched and decoded one at a time from their current bytes, so nothing is stale.</summary>
    public static bool InstructionSynchronizationBarrier(InterpreterVcpu v, DecodedInstruction* d)
    {
        Interlocked.MemoryBarrier();
        return true;
    }
}
