using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>
/// The host debugger's view of the vCPU (the GDB stub's): breakpoints, single-step and memory through
/// <see cref="Debugging"/>, and the core's part of a single step — an instruction the agents complete (HVC, a trapped
/// System register, WFx, an MMIO access the VMM answers, a semihosting call) is the whole step.
/// </summary>
public sealed partial class Vcpu
{
    private bool _singleStep;
    private bool _stepCompletedByAgent;

    /// <summary>The engine vCPU's debug control; null until <see cref="PrepareEngine"/> or the first <see cref="Run"/>.</summary>
    public IVcpuDebug? Debugging => _engine?.Debugging;

    /// <summary>
    /// Each <see cref="Run"/> executes one guest instruction and returns <see cref="DebugStopExit"/> (unless the
    /// instruction needs the VMM first: after the VMM's reply, the next Run returns the stop without executing more).
    /// </summary>
    public bool SingleStep
    {
        get => _singleStep;
        set
        {
            _singleStep = value;
            if (!value)
            {
                _stepCompletedByAgent = false;
            }

            if (_engine is not null)
            {
                _engine.Debugging.SingleStep = value;
            }
        }
    }

    /// <summary>
    /// Creates the engine vCPU on the calling thread (the one that will run it) and applies a pending power-on, without
    /// running: a debugger attached before the first instruction (<c>--wait-for-gdb</c>) sees the entry state.
    /// </summary>
    public void PrepareEngine()
    {
        EnsureEngine();
        lock (_powerLock)
        {
            ApplyPendingBoot();
        }
    }

    /// <summary>An exit the core handled itself while stepping: the instruction is complete, report the step.</summary>
    private VmExit? StepCompletedInCore(VmExit? handled) =>
        handled is null && _singleStep ? new DebugStopExit(DebugStopKind.Step) : handled;

    /// <summary>The VMM answered an MMIO exit while stepping: that access was the step.</summary>
    private void NoteAgentCompletedStep()
    {
        if (_singleStep)
        {
            _stepCompletedByAgent = true;
        }
    }
}
