namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// One vCPU's EL1 generic timers (DDI0487 D11.2 "The AArch64 view of the Generic Timer"): the physical and virtual
/// timers, CNTKCTL_EL1 with its event stream, and CNTVOFF_EL2. The count comes from the partition's shared
/// <see cref="ICounterSource"/>. Not thread-safe: used by the thread that runs the vCPU.
/// </summary>
public sealed partial class GenericTimers
{
    /// <summary>CNTx_CTL_EL0.ENABLE.</summary>
    public const ulong ControlEnable = 1UL << 0;

    /// <summary>CNTx_CTL_EL0.IMASK.</summary>
    public const ulong ControlInterruptMask = 1UL << 1;

    /// <summary>CNTx_CTL_EL0.ISTATUS (read-only).</summary>
    public const ulong ControlInterruptStatus = 1UL << 2;

    /// <summary>CNTKCTL_EL1 bits 9:0: EL0PCTEN, EL0VCTEN, EVNTEN, EVNTDIR, EVNTI, EL0VTEN, EL0PTEN (DDI0487 D24.8.4).</summary>
    public const ulong KernelControlMask = 0x3FF;

    public const ulong KernelControlEl0PctEn = 1UL << 0;
    public const ulong KernelControlEl0VctEn = 1UL << 1;
    public const ulong KernelControlEventEnable = 1UL << 2;
    public const ulong KernelControlEventDirection = 1UL << 3;
    public const ulong KernelControlEl0VtEn = 1UL << 8;
    public const ulong KernelControlEl0PtEn = 1UL << 9;

    private readonly ICounterSource _counter;
    private readonly bool _hasEl2;
    private ulong _physicalControl;
    private ulong _physicalCompare;
    private ulong _virtualControl;
    private ulong _virtualCompare;
    private ulong _kernelControl;

    /// <param name="counter">The partition's system counter.</param>
    /// <param name="hasEl2">Whether EL2 exists; without it CNTVOFF_EL2 is treated as zero (DDI0487 D11.2.4).</param>
    public GenericTimers(ICounterSource counter, bool hasEl2)
    {
        ArgumentNullException.ThrowIfNull(counter);
        _counter = counter;
        _hasEl2 = hasEl2;
    }

    /// <summary>CNTVOFF_EL2 as the EL2 agent set it.</summary>
    public ulong VirtualOffset { get; set; }

    /// <summary>CNTKCTL_EL1.</summary>
    public ulong KernelControl
    {
        get => _kernelControl;
        set => _kernelControl = value & KernelControlMask;
    }

    /// <summary>CNTPCT_EL0.</summary>
    public ulong PhysicalCount => _counter.Read();

    /// <summary>CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2.</summary>
    public ulong VirtualCount => PhysicalCount - EffectiveOffset;

    private ulong EffectiveOffset => _hasEl2 ? VirtualOffset : 0;

    /// <summary>Reads a timer register (the value an MRS returns).</summary>
    public ulong Read(TimerRegister register) => register switch
    {
        TimerRegister.PhysicalCount => PhysicalCount,
        TimerRegister.VirtualCount => VirtualCount,
        TimerRegister.PhysicalControl => ReadControl(GenericTimerKind.Physical),
        TimerRegister.VirtualControl => ReadControl(GenericTimerKind.Virtual),
        TimerRegister.PhysicalCompareValue => _physicalCompare,
        TimerRegister.VirtualCompareValue => _virtualCompare,
        // TVAL: (CVAL - count)[31:0], a signed 32-bit value in bits [31:0]; bits [63:32] RES0 (DDI0487 D24.8.12).
        TimerRegister.PhysicalTimerValue => (uint)(_physicalCompare - PhysicalCount),
        TimerRegister.VirtualTimerValue => (uint)(_virtualCompare - VirtualCount),
        TimerRegister.KernelControl => _kernelControl,
        TimerRegister.VirtualOffset => VirtualOffset,
        _ => throw new ArgumentOutOfRangeException(nameof(register), register, "Not a timer register."),
    };

    /// <summary>Writes a timer register (an MSR). Writes to the counts are ignored (they are read-only).</summary>
    public void Write(TimerRegister register, ulong value)
    {
        switch (register)
        {
            case TimerRegister.PhysicalControl:
                _physicalControl = value & (ControlEnable | ControlInterruptMask);
                break;
            case TimerRegister.VirtualControl:
                _virtualControl = value & (ControlEnable | ControlInterruptMask);
                break;
            case TimerRegister.PhysicalCompareValue:
                _physicalCompare = value;
                break;
            case TimerRegister.VirtualCompareValue:
                _virtualCompare = value;
                break;
            // TVAL write: CVAL = count + SignExtend(TVAL[31:0]) (DDI0487 D11.2.4 "Operation of the TimerValue view").
            case TimerRegister.PhysicalTimerValue:
                _physicalCompare = PhysicalCount + (ulong)(long)(int)(uint)value;
                break;
            case TimerRegister.VirtualTimerValue:
                _virtualCompare = VirtualCount + (ulong)(long)(int)(uint)value;
                break;
            case TimerRegister.KernelControl:
                KernelControl = value;
                break;
            case TimerRegister.VirtualOffset:
                VirtualOffset = value;
                break;
            case TimerRegister.PhysicalCount:
            case TimerRegister.VirtualCount:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(register), register, "Not a timer register.");
        }
    }

    /// <summary>The timer condition: ENABLE == 1 and count &gt;= CVAL, unsigned (DDI0487 D11.2.4).</summary>
    public bool ConditionMet(GenericTimerKind timer) => timer == GenericTimerKind.Physical
        ? (_physicalControl & ControlEnable) != 0 && PhysicalCount >= _physicalCompare
        : (_virtualControl & ControlEnable) != 0 && VirtualCount >= _virtualCompare;

    /// <summary>The timer's interrupt output: the condition and not IMASK.</summary>
    public bool IsOutputAsserted(GenericTimerKind timer) =>
        (ControlOf(timer) & ControlInterruptMask) == 0 && ConditionMet(timer);

    /// <summary>
    /// The physical count at which the earliest enabled timer meets its condition, or null if none ever will.
    /// A deadline at or before <see cref="PhysicalCount"/> means "now". The run loop sleeps in WFI until then.
    /// </summary>
    /// <param name="includeMasked">Also consider timers with IMASK set (for an agent that watches the condition).</param>
    public ulong? NextDeadline(bool includeMasked = false)
    {
        ulong? physical = Deadline(GenericTimerKind.Physical, includeMasked);
        ulong? @virtual = Deadline(GenericTimerKind.Virtual, includeMasked);
        return physical is null ? @virtual : @virtual is null ? physical : Math.Min(physical.Value, @virtual.Value);
    }

    /// <summary>The physical count at which <paramref name="timer"/> meets its condition, or null.</summary>
    public ulong? Deadline(GenericTimerKind timer, bool includeMasked = false)
    {
        ulong control = ControlOf(timer);
        if ((control & ControlEnable) == 0 || (!includeMasked && (control & ControlInterruptMask) != 0))
        {
            return null;
        }

        if (timer == GenericTimerKind.Physical)
        {
            return _physicalCompare;
        }

        // The virtual count reaches CVAL when the physical count reaches CVAL + CNTVOFF; past 2^64 it never does.
        ulong offset = EffectiveOffset;
        return _virtualCompare > ulong.MaxValue - offset ? null : _virtualCompare + offset;
    }

    /// <summary>
    /// The physical count of the next event-stream event after <paramref name="physicalCount"/>, or null when
    /// CNTKCTL_EL1.EVNTEN is 0. An event fires when bit EVNTI of CNTVCT_EL0 goes 0→1 (EVNTDIR=0) or 1→0 (EVNTDIR=1)
    /// (DDI0487 D11.2.3 "Event streams").
    /// </summary>
    public ulong? NextEventStreamTick(ulong physicalCount)
    {
        if ((_kernelControl & KernelControlEventEnable) == 0)
        {
            return null;
        }

        int bit = (int)((_kernelControl >> 4) & 0xF);
        ulong period = 1UL << (bit + 1);
        ulong phase = (_kernelControl & KernelControlEventDirection) == 0 ? 1UL << bit : 0;
        ulong offset = EffectiveOffset;
        ulong virtualCount = physicalCount - offset;
        ulong next = (virtualCount & ~(period - 1)) + phase;
        if (next <= virtualCount)
        {
            next += period;
        }

        return next + offset;
    }

    /// <summary>Whether an event-stream event happened in (<paramref name="fromPhysical"/>, <paramref name="toPhysical"/>].</summary>
    public bool EventStreamFired(ulong fromPhysical, ulong toPhysical) =>
        NextEventStreamTick(fromPhysical) is { } next && next - fromPhysical <= toPhysical - fromPhysical;

    private ulong ReadControl(GenericTimerKind timer)
    {
        ulong control = ControlOf(timer);
        return ConditionMet(timer) ? control | ControlInterruptStatus : control;
    }

    private ulong ControlOf(GenericTimerKind timer) =>
        timer == GenericTimerKind.Physical ? _physicalControl : _virtualControl;
}
