namespace Armvisor.Engine;

/// <summary>Why <see cref="IVcpuEngine.Run"/> returned. Mirrors Hypervisor.framework's <c>hv_exit_reason_t</c>.</summary>
public enum EngineExitReason : byte
{
    /// <summary><see cref="IVcpuEngine.RequestExit"/> was honoured; the vCPU state is consistent.</summary>
    Canceled,

    /// <summary>An exception the architecture routes to EL2 or EL3; see <see cref="EngineExit.Syndrome"/>.</summary>
    Exception,

    /// <summary>A generic timer's condition became true while its output was not masked for the agent (HVF's vtimer exit).</summary>
    TimerActivated,

    /// <summary>The host debugger's breakpoint or single step (<see cref="IVcpuDebug"/>; <see cref="EngineExit.DebugStop"/> says which).</summary>
    DebugStop,

    /// <summary>
    /// A semihosting call, HLT #0xF000 in A64 (Arm "Semihosting for AArch32 and AArch64", IHI0098), with
    /// <see cref="PartitionOptions.Semihosting"/> on: PC is at the HLT; the agent performs the call and steps past it.
    /// </summary>
    SemihostingCall,

    /// <summary>The PMU's overflow interrupt request (PMUIRQ) became asserted while not masked for the agent.</summary>
    PerformanceMonitorsOverflow,
}
