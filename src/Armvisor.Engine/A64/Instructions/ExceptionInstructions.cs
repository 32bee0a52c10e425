using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// Exception-generating instructions (DDI0487 C6.2: SVC, HVC, SMC, BRK, HLT), ERET, and UNDEFINED.
/// Routing follows the pseudocode of AArch64.CallSupervisor, AArch64.CallHypervisor and AArch64.CallSecureMonitor.
/// </summary>
internal static unsafe class ExceptionInstructions
{
    /// <summary>HCR_EL2.HCD, bit 29: HVC disabled.</summary>
    private const ulong HcrHcd = 1UL << 29;

    /// <summary>HCR_EL2.TSC, bit 19: SMC from EL1 traps to EL2.</summary>
    private const ulong HcrTsc = 1UL << 19;

    /// <summary>SCR_EL3.SMD, bit 7: SMC disabled (UNDEFINED) at EL1 and above.</summary>
    private const ulong ScrSmd = 1UL << 7;

    /// <summary>Any unallocated encoding, or an allocated one this PE does not implement.</summary>
    public static bool Undefined(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>SVC #imm16: EC 0x15 to EL1, preferred return the next instruction.</summary>
    public static bool Svc(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.Retired++;
        v.RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.Svc64, (uint)d->Imm), 0, d->Pc + 4);
        return false;
    }

    /// <summary>
    /// HVC #imm16: UNDEFINED at EL0, without EL2, or with HCR_EL2.HCD set; otherwise an exit to EL2 with EC 0x16,
    /// ISS imm16 and PC at the next instruction. (SCR_EL3.HCE is not consulted: the EL3 agent models a monitor that
    /// always enables HVC.)
    /// </summary>
    public static bool Hvc(InterpreterVcpu v, DecodedInstruction* d)
    {
        PartitionOptions options = v.Partition.Options;
        bool disabled = !options.HasEl2 || (v.Hcr & HcrHcd) != 0;
        if (v.State.CurrentEl == 0 || disabled)
        {
            v.RaiseUndefined(d);
            return false;
        }

        v.ExitToAgent(2, ExceptionSyndrome.Create(ExceptionClass.Hvc64, (uint)d->Imm), d->Pc + 4, retired: true);
        return false;
    }

    /// <summary>
    /// SMC #imm16: UNDEFINED at EL0; at EL1 with HCR_EL2.TSC an exit to EL2 (EC 0x17, PC at the SMC itself); else with
    /// EL3 an exit to EL3 (EC 0x17, PC at the next instruction) unless SCR_EL3.SMD; else UNDEFINED.
    /// </summary>
    public static bool Smc(InterpreterVcpu v, DecodedInstruction* d)
    {
        ExceptionSyndrome syndrome = ExceptionSyndrome.Create(ExceptionClass.Smc64, (uint)d->Imm);
        if (v.State.CurrentEl == 0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        if ((v.Hcr & HcrTsc) != 0)
        {
            v.ExitToAgent(2, syndrome, d->Pc);
            return false;
        }

        if (v.Partition.Options.HasEl3 && (v.Scr & ScrSmd) == 0)
        {
            v.ExitToAgent(3, syndrome, d->Pc + 4, retired: true);
            return false;
        }

        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>BRK #imm16: EC 0x3C to EL1, preferred return the BRK itself.</summary>
    public static bool Brk(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.Brk64, (uint)d->Imm), 0, d->Pc);
        return false;
    }

    /// <summary>The A64 semihosting trap instruction, HLT #0xF000 (IHI0098 "Semihosting for AArch32 and AArch64" §2.2).</summary>
    private const ulong SemihostingImmediate = 0xF000;

    /// <summary>
    /// HLT #imm16: a halting debug event only while halting is allowed (DDI0487 H2.4.3; EDSCR.HDE), otherwise UNDEFINED
    /// (C6.2.117). With semihosting on, the host acts as that external debugger for HLT #0xF000: Run returns
    /// <see cref="EngineExitReason.SemihostingCall"/> with PC at the HLT (not retired until the agent steps past it).
    /// </summary>
    public static bool Hlt(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (d->Imm != SemihostingImmediate || !v.Partition.Options.Semihosting)
        {
            v.RaiseUndefined(d);
            return false;
        }

        v.Retired--;
        v.State.Pc = d->Pc;
        v.SetExit(new EngineExit(EngineExitReason.SemihostingCall, 0, default, 0, default));
        return false;
    }

    /// <summary>ERET: UNDEFINED at EL0; otherwise the exception return from EL1.</summary>
    public static bool Eret(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.State.CurrentEl == 0)
        {
            v.RaiseUndefined(d);
            return false;
        }

        v.ExceptionReturn();
        return false;
    }

    /// <summary>imm16 of SVC/HVC/SMC/BRK/HLT, bits [20:5].</summary>
    public static bool PrepareImm16(uint raw, DecodedInstruction* d)
    {
        d->Imm = (raw >> 5) & 0xFFFF;
        return true;
    }
}
