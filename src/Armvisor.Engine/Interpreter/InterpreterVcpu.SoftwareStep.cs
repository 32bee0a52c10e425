using Armvisor.Arm64;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Architectural software step for the guest's own debugger (DDI0487 D2.12, the step state machine): an exception
/// return with SPSR.SS = 1 while step is enabled (MDSCR_EL1.SS, debug exceptions enabled at the target EL) enters
/// active-not-pending (PSTATE.SS = 1); the PE executes one instruction; if it completes without taking an exception
/// the PE is active-pending and takes a Software Step exception before the next one: EC 0x32 from EL0 or 0x33 from
/// EL1, ISS.ISV = 1, EX = 0, SPSR.SS = 0, ELR = the next instruction (D2.12.6, D2.12.7). An exception the stepped
/// instruction takes instead (an abort) keeps SPSR.SS = 1, so the return steps it again; SVC completes the step
/// (SPSR.SS = 0). Routed to EL1, or with MDCR_EL2.TDE (or HCR_EL2.TGE) to EL2 — an exit to the hypervisor core with
/// EC 0x32 (D2.4, the debug target EL).
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>SPSR.SS, bit 21.</summary>
    private const ulong SpsrSoftwareStep = 1UL << 21;

    /// <summary>ESR.ISV for a Software Step exception: the EX bit is valid (D24.2.40, "ISS encoding for a Software Step exception").</summary>
    private const uint SoftwareStepIsv = 1u << 24;

    /// <summary>Steps one instruction in the active-not-pending state; true when Run must return (the instruction exited to an agent).</summary>
    private bool StepArchitecturally()
    {
        StepOneInstruction();

        if (_exitPending)
        {
            return true;
        }

        if (State.SoftwareStep)
        {
            // The instruction completed: active-pending, the Software Step exception is taken now.
            State.SoftwareStep = false;
            _system.Exceptions.DebugExceptionsEnabled(State, out bool toEl2);
            ExceptionClass ec = State.CurrentEl == 0 || toEl2 ? ExceptionClass.SoftwareStepLowerEl : ExceptionClass.SoftwareStepSameEl;
            if (toEl2)
            {
                // The hypervisor core gets the exception; the ELR_EL2/SPSR_EL2 it would see are the vCPU's PC and PSTATE.
                ExitToAgent(2, ExceptionSyndrome.Create(ec, SoftwareStepIsv), State.Pc, retired: true);
                UpdateDebugAttention();
                return true;
            }

            TakeException(ExceptionVector.Synchronous, ExceptionSyndrome.Create(ec, SoftwareStepIsv), 0, State.Pc);
            ClearSpsrSoftwareStep();
        }
        else if ((GetSystemRegister(SysReg.EsrEl1) >> 26) == (ulong)ExceptionClass.Svc64)
        {
            // SVC completes the instruction being stepped: the return from its handler does not step again.
            ClearSpsrSoftwareStep();
        }

        UpdateDebugAttention();
        return false;
    }

    private void ClearSpsrSoftwareStep() =>
        SetSystemRegister(SysReg.SpsrEl1, GetSystemRegister(SysReg.SpsrEl1) & ~SpsrSoftwareStep);
}
