namespace Armvisor.Engine;

/// <summary>Why a <see cref="EngineExitReason.DebugStop"/> exit happened (the host debugger's events, not the guest's).</summary>
public enum DebugStopKind : byte
{
    None,

    /// <summary>PC reached an address set with <see cref="IVcpuDebug.SetBreakpoints"/>; the instruction there has not executed.</summary>
    Breakpoint,

    /// <summary><see cref="IVcpuDebug.SingleStep"/>: exactly one instruction executed (or one exception was taken instead).</summary>
    Step,
}
