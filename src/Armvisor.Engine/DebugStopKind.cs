namespace Armvisor.Engine;

/// <summary>Why a <see cref="EngineExitReason.DebugStop"/> exit happened (the host debugger's events, not the guest's).</summary>
public enum DebugStopKind : byte
{
    None,

    /// <summary>PC reached an address set with <see cref="IVcpuDebug.SetBreakpoints"/>; the instruction there has not executed.</summary>
    Breakpoint,

    /// <summary><see cref="IVcpuDebug.SingleStep"/>: exactly one instruction executed (or one exception was taken instead).</summary>
    Step,

    /// <summary>
    /// A <see cref="DebugWatchpointKind.Write"/> watchpoint matched an access: the instruction has not executed (PC is at
    /// it, as QEMU's gdb watchpoints stop on Arm); <see cref="EngineExit.FaultVirtualAddress"/> is the watchpoint's address.
    /// </summary>
    WriteWatchpoint,

    /// <summary>As <see cref="WriteWatchpoint"/>, for a <see cref="DebugWatchpointKind.Read"/> watchpoint.</summary>
    ReadWatchpoint,

    /// <summary>As <see cref="WriteWatchpoint"/>, for a <see cref="DebugWatchpointKind.Access"/> watchpoint.</summary>
    AccessWatchpoint,
}
