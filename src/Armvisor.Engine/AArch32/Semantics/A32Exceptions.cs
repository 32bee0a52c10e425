using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Cpu;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.AArch32.Semantics;

// SAFETY: handlers run from the A32 loop with d pointing at its current record; registers are reached through the
// vCPU's mode map (indices 0..30 of the pinned X file).
/// <summary>
/// Exception-generating instructions (DDI0487 F5.1: SVC, HVC, SMC, BKPT, UDF/unallocated, ERET) and the routing of
/// AArch32.CallHypervisor / AArch32.CallSecureMonitor: HVC and trapped SMC leave Run as exits to the EL2 agent with the
/// AArch32 syndromes (EC 0x12 with imm16; EC 0x13 with CV/COND), SMC otherwise goes to the EL3 agent.
/// </summary>
internal static unsafe class A32Exceptions
{
    private const ulong ScrSmd = 1UL << 7;

    /// <summary>UNDEFINED: the Undefined Instruction exception, LR = the instruction + 4 (G1.12.x).</summary>
    public static bool Undefined(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>SVC: Supervisor Call exception, preferred return the next instruction, LR offset 0, vector 0x08.</summary>
    public static bool SupervisorCall(InterpreterVcpu v, DecodedInstruction* d)
    {
        // The preferred return is the next instruction, so a T32 SVC in an IT block saves the advanced ITSTATE.
        v.AdvanceItState();
        v.EnterMode(ProcessorMode.Supervisor, InterpreterVcpu.NextPc(d), 0, 0x08);
        return false;
    }

    /// <summary>HVC #imm16: UNDEFINED at EL0, without EL2 or with HCR_EL2.HCD; otherwise an exit to EL2, EC 0x12, PC = next.</summary>
    public static bool HypervisorCall(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.State.CurrentEl == 0 || !v.Registers.El2Enabled || (v.Hcr & HcrBits.Hcd) != 0)
        {
            return Undefined(v, d);
        }

        uint imm16 = ((d->Raw >> 4) & 0xFFF0) | (d->Raw & 0xF);
        v.ExitToAgent(2, ExceptionSyndrome.Create(ExceptionClass.Hvc32, imm16), InterpreterVcpu.NextPc(d), retired: true);
        return false;
    }

    /// <summary>SMC: UNDEFINED at EL0; HCR_EL2.TSC traps it to EL2 (PC = the SMC); else EL3 (PC = next) unless none or SCR.SMD.</summary>
    public static bool SecureMonitorCall(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (v.State.CurrentEl == 0)
        {
            return Undefined(v, d);
        }

        ExceptionSyndrome syndrome = ExceptionSyndrome.Create(ExceptionClass.Smc32, ConditionIss(d->Raw));
        if ((v.Hcr & HcrBits.Tsc) != 0)
        {
            v.ExitToAgent(2, syndrome, d->Pc);
            return false;
        }

        if (!v.Registers.Options.HasEl3 || (v.Scr & ScrSmd) != 0)
        {
            return Undefined(v, d);
        }

        v.ExitToAgent(3, syndrome, InterpreterVcpu.NextPc(d), retired: true);
        return false;
    }

    /// <summary>BKPT: a Breakpoint debug exception, taken as a Prefetch Abort (IFSR debug event, G2.x).</summary>
    public static bool Breakpoint(InterpreterVcpu v, DecodedInstruction* d)
    {
        uint imm16 = ((d->Raw >> 4) & 0xFFF0) | (d->Raw & 0xF);
        v.RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.Bkpt32, imm16), 0, d->Pc);
        return false;
    }

    /// <summary>ERET at EL1 outside Hyp mode: the exception return to LR with SPSR (F5.1.x ERET); UNDEFINED in usr/sys.</summary>
    public static bool ExceptionReturn(InterpreterVcpu v, DecodedInstruction* d)
    {
        if (!v.TryReadSpsr(out uint spsr))
        {
            return Undefined(v, d);
        }

        v.A32ExceptionReturn(v.R(d, 14), spsr);
        return false;
    }

    /// <summary>ISS CV = 1 and COND for traps of conditional AArch32 instructions (DDI0487 D17.2.37, e.g. EC 0x01, 0x03, 0x13).</summary>
    public static uint ConditionIss(uint raw) => (1u << 24) | ((raw >> 28 == 0xF ? 0xEu : raw >> 28) << 20);
}
