using Armvisor.Arm64;
using Armvisor.Memory;

namespace Armvisor.Engine;

/// <summary>
/// Everything the engine knows about a stop, undecoded. Mirrors <c>hv_vcpu_exit_t</c>: a reason, ESR, FAR and IPA,
/// plus the exception level the architecture routed the exception to (2: hypervisor core, 3: secure monitor).
/// On an exception exit the vCPU's PC is the preferred return address the architecture would put in ELR_EL2/ELR_EL3
/// (the trapping instruction for traps and aborts, the next instruction for HVC and SMC — DDI0487 D1.10.1).
/// </summary>
public readonly record struct EngineExit(
    EngineExitReason Reason,
    int TargetExceptionLevel,
    ExceptionSyndrome Syndrome,
    ulong FaultVirtualAddress,
    GuestPhysicalAddress FaultIpa,
    GenericTimerKind Timer = GenericTimerKind.Virtual,
    DebugStopKind DebugStop = DebugStopKind.None)
{
    public static EngineExit Canceled { get; } = new(EngineExitReason.Canceled, 0, default, 0, default);

    public override string ToString() => Reason switch
    {
        EngineExitReason.Exception => $"EL{TargetExceptionLevel} exception {Syndrome} FAR 0x{FaultVirtualAddress:X} IPA {FaultIpa}",
        EngineExitReason.TimerActivated => $"{Timer} timer activated",
        EngineExitReason.DebugStop => $"debug stop ({DebugStop})",
        EngineExitReason.PerformanceMonitorsOverflow => "PMU overflow interrupt requested",
        _ => Reason.ToString(),
    };
}
