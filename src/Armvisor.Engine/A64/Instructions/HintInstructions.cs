using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// The HINT space (DDI0487 C6.2.104): WFI, WFE, SEV and SEVL have effects; NOP, YIELD, ESB, PSB, TSB, CSDB, BTI, the PAC
/// hints of an implementation without FEAT_PAuth and every unallocated hint execute as NOP.
/// </summary>
internal static unsafe class HintInstructions
{
    private const ulong SctlrNTwi = 1UL << 16;
    private const ulong SctlrNTwe = 1UL << 18;
    private const ulong HcrTwi = 1UL << 13;
    private const ulong HcrTwe = 1UL << 14;
    private const ulong ScrTwi = 1UL << 12;
    private const ulong ScrTwe = 1UL << 13;

    /// <summary>Chooses the handler from CRm:op2.</summary>
    public static bool PrepareHint(uint raw, DecodedInstruction* d)
    {
        int op = (int)(raw >> 5) & 0x7F;
        d->Handler = op switch
        {
            2 => &Wfe,
            3 => &Wfi,
            4 => &Sev,
            5 => &Sevl,
            _ => &Nop,
        };
        return true;
    }

    public static bool Nop(InterpreterVcpu v, DecodedInstruction* d) => true;

    public static bool Sev(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.Partition.SendEvent();
        return true;
    }

    public static bool Sevl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.SetLocalEvent();
        return true;
    }

    public static bool Wfi(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (TrapWfx(v, d, isWfe: false))
        {
            return false;
        }

        v.WaitForInterrupt();
        v.State.Pc = d->Pc + 4;
        return false;
    }

    public static bool Wfe(InterpreterVcpu v, DecodedInstruction* d)
    {
        // With the Event Register set, WFE clears it and completes at once: it would not enter a low-power state, so
        // none of the WFx traps is taken (DDI0487 C6.2.353 WFE; D1.16.2). The WFE channel's client relies on this.
        if (v.ConsumeEvent())
        {
            return true;
        }

        if (TrapWfx(v, d, isWfe: true))
        {
            return false;
        }

        v.WaitForEvent();
        v.State.Pc = d->Pc + 4;
        return false;
    }

    /// <summary>
    /// AArch64.CheckForWFxTrap order (DDI0487 D1.10, J1): EL0 with SCTLR_EL1.nTWx = 0 traps to EL1; then HCR_EL2.TWx
    /// exits to EL2; then SCR_EL3.TWx exits to EL3. EC 0x01, ISS CV=1, COND=0b1110, TI = WFE; PC at the WFx.
    /// </summary>
    private static bool TrapWfx(InterpreterVcpu v, DecodedInstruction* d, bool isWfe)
    {
        ExceptionSyndrome syndrome = ExceptionSyndrome.Create(ExceptionClass.WfiWfe, (1u << 24) | (0xEu << 20) | (isWfe ? 1u : 0u));
        if (v.State.CurrentEl == 0 && (v.Sctlr & (isWfe ? SctlrNTwe : SctlrNTwi)) == 0)
        {
            v.RaiseSynchronous(d, syndrome, 0, d->Pc);
            return true;
        }

        if ((v.Hcr & (isWfe ? HcrTwe : HcrTwi)) != 0)
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
}
