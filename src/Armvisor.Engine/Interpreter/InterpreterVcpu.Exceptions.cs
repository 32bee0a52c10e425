using Armvisor.Arm64;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Memory;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Raising exceptions: synchronous exceptions and interrupts taken to EL1 inside the guest, and exceptions the
/// architecture routes to EL2 or EL3, which leave <see cref="Run"/> as exits (DDI0487 D1.10).
/// A raise from inside a block (<c>d</c> not null) un-counts the faulting instruction, which did not retire.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private bool _clearMonitorOnAgentReturn;

    /// <summary>UNDEFINED: EC 0x00 to EL1, preferred return the instruction itself (DDI0487 D1.10.4).</summary>
    internal void RaiseUndefined(DecodedInstruction* d) =>
        RaiseSynchronous(d, ExceptionSyndrome.Create(ExceptionClass.Unknown, 0), 0, d->Pc);

    /// <summary>A synchronous exception to EL1 caused by the instruction <paramref name="d"/>.</summary>
    internal void RaiseSynchronous(DecodedInstruction* d, ExceptionSyndrome syndrome, ulong faultAddress, ulong preferredReturn)
    {
        if (d != null)
        {
            Retired--;
        }

        TakeException(ExceptionVector.Synchronous, syndrome, faultAddress, preferredReturn);
    }

    /// <summary>
    /// An exception the architecture routes to the EL2 or EL3 agent: Run returns it; PC is the preferred return.
    /// The local exclusive monitor stays armed while the agent handles the exit (a trapped WFE the agent waits on
    /// must still wake when another PE's store clears the global monitor, DDI0487 D1.16.1); the agent's return —
    /// the next <see cref="Run"/> — is the exception return that clears it (DDI0487 C6.2.77 ERET: ClearExclusiveLocal).
    /// </summary>
    internal void ExitToAgent(int targetEl, ExceptionSyndrome syndrome, ulong returnPc, ulong faultAddress = 0, ulong faultIpa = 0, bool retired = false)
    {
        State.Pc = returnPc;
        _clearMonitorOnAgentReturn = true;
        if (!retired)
        {
            Retired--;
            _itHeld = true; // the instruction did not complete: a T32 IT block keeps its state (DDI0487 F1.2.2)
        }

        SetExit(new EngineExit(EngineExitReason.Exception, targetEl, syndrome, faultAddress, new GuestPhysicalAddress(faultIpa)));
    }

    private void TakeInterrupt(ExceptionVector vector) =>
        TakeException(vector, default, 0, State.Pc);

    private void RaisePcAlignmentFault(ulong pc) =>
        TakeException(ExceptionVector.Synchronous, ExceptionSyndrome.Create(ExceptionClass.PcAlignment, 0), pc, pc);

    internal void RaiseAlignmentFault(ulong va, DecodedInstruction* d, bool write) =>
        RaiseStage1Abort(va, AccessKind.Read, d, FaultStatusCode.Alignment, write);

    /// <summary>A stage-1 abort (translation, access flag, permission, address size, alignment) taken to EL1.</summary>
    private void RaiseStage1Abort(ulong va, AccessKind kind, DecodedInstruction* d, FaultStatusCode status, bool write = false, bool stage1Walk = false)
    {
        bool lower = State.CurrentEl == 0;
        if (kind == AccessKind.Execute)
        {
            // Instruction Abort: EC 0x20 from EL0, 0x21 from EL1; IFSC (DDI0487 D24.2.40).
            ExceptionClass ec = lower ? ExceptionClass.InstructionAbortLowerEl : ExceptionClass.InstructionAbortSameEl;
            RaiseSynchronous(d, ExceptionSyndrome.Create(ec, (uint)status | (stage1Walk ? 1u << 7 : 0)), va, d != null ? d->Pc : va);
            return;
        }

        // Data Abort to EL1: ISV=0 (the instruction syndrome is only given for stage-2 aborts), WnR, DFSC.
        ExceptionClass dataEc = lower ? ExceptionClass.DataAbortLowerEl : ExceptionClass.DataAbortSameEl;
        uint iss = (uint)status | ((write || kind == AccessKind.Write) ? 1u << 6 : 0) | (stage1Walk ? 1u << 7 : 0);
        RaiseSynchronous(d, ExceptionSyndrome.Create(dataEc, iss), va, d->Pc);
    }

    /// <summary>
    /// A stage-2 fault (an IPA outside RAM, or a mapping without the permission): an exit to EL2 with EC 0x24/0x20,
    /// FAR = VA, the IPA, and for single-register loads/stores the valid instruction syndrome (ISV=1) so the
    /// hypervisor core can emulate MMIO (DDI0487 D24.2.40, "ISS encoding for an exception from a Data Abort").
    /// </summary>
    private void RaiseStage2Abort(ulong va, ulong ipa, AccessKind kind, DecodedInstruction* d, FaultStatusCode status, bool stage1Walk = false)
    {
        if (kind == AccessKind.Execute && !stage1Walk)
        {
            ExitToAgent(2, ExceptionSyndrome.Create(ExceptionClass.InstructionAbortLowerEl, (uint)status), d != null ? d->Pc : va,
                va, ipa, retired: d == null);
            return;
        }

        uint iss = (uint)status | (kind == AccessKind.Write ? 1u << 6 : 0);
        if (stage1Walk)
        {
            iss |= 1u << 7;
        }
        else if (d != null)
        {
            iss |= d->Iss;
        }

        ExceptionClass ec = kind == AccessKind.Execute ? ExceptionClass.InstructionAbortLowerEl : ExceptionClass.DataAbortLowerEl;
        ulong pc = d != null ? d->Pc : va;
        ExitToAgent(2, ExceptionSyndrome.Create(ec, iss), pc, va, ipa, retired: d == null);
    }
}
