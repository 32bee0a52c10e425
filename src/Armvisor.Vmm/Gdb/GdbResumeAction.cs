namespace Armvisor.Vmm.Gdb;

/// <summary>What one vCPU does when the debugger resumes the machine (the actions of vCont, GDB manual E.2).</summary>
public enum GdbResumeAction
{
    /// <summary>Stays stopped (a vCont without an action for this thread).</summary>
    Stay,
    Continue,
    Step,
}
