using Armvisor.Arm64;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The GICv3 CPU interface of one PE: the ICC_*_EL1 System registers (IHI0069 chapter 12.2) as seen from EL1 with a
/// single Security state (GICD_CTLR.DS == 1). Group 1 interrupts signal IRQ, Group 0 interrupts signal FIQ.
/// </summary>
/// <remarks>
/// Priority model (IHI0069 §4.8): 5 priority bits and 5 preemption bits, so priorities are [7:3], the active
/// priorities are one bit per group priority in ICC_AP0R0_EL1/ICC_AP1R0_EL1 (bit n = group priority n &lt;&lt; 3),
/// and the running priority is the highest (numerically lowest) active group priority. An interrupt is signalled when
/// its priority is higher than ICC_PMR_EL1 and its group priority is higher than the running priority.
/// Group 1 is the Non-secure Group 1 of the two-state view, as Linux at EL1 sees it on QEMU and on Cortex-A cores:
/// ICC_BPR1_EL1 has minimum 3 and its group priority field is [7:BPR1] (the GroupBits() rule, BPR0 + 1 aliasing);
/// ICC_BPR0_EL1 has minimum 2 and its group priority field is [7:BPR0+1].
/// Every member takes the GIC lock; any thread may call.
/// </remarks>
public sealed partial class GicV3CpuInterface
{
    /// <summary>Minimum ICC_BPR0_EL1: 7 - preemption bits (Cortex-A TRMs: 0x2 with 5 bits).</summary>
    public const int MinimumBpr0 = 7 - GicV3State.PriorityBits;

    /// <summary>Minimum ICC_BPR1_EL1 for the Non-secure copy: minimum BPR0 + 1 (Cortex-A TRMs: 0x3).</summary>
    public const int MinimumBpr1 = MinimumBpr0 + 1;

    private const int ActivePriorityShift = 8 - GicV3State.PriorityBits;

    private readonly GicV3State _state;
    private readonly int _cpu;
    private byte _pmr;
    private int _bpr0;
    private int _bpr1;
    private bool _cbpr;
    private bool _eoiMode;
    private bool _groupEnable0;
    private bool _groupEnable1;
    private uint _activePriorities0;
    private uint _activePriorities1;
    private bool _irqLevel;
    private bool _fiqLevel;

    internal GicV3CpuInterface(GicV3State state, int cpu)
    {
        _state = state;
        _cpu = cpu;
        ResetLocked();
    }

    /// <summary>Index of the PE this interface belongs to.</summary>
    public int CpuIndex => _cpu;

    /// <summary>Whether the IRQ output is asserted (a Group 1 interrupt can be acknowledged).</summary>
    public bool IsIrqPending
    {
        get
        {
            lock (_state.Lock)
            {
                return _irqLevel;
            }
        }
    }

    /// <summary>Whether the FIQ output is asserted (a Group 0 interrupt can be acknowledged).</summary>
    public bool IsFiqPending
    {
        get
        {
            lock (_state.Lock)
            {
                return _fiqLevel;
            }
        }
    }

    /// <summary>Whether <paramref name="encoding"/> is a CPU interface register this model implements.</summary>
    public static bool Claims(SystemRegisterEncoding encoding) => IccRegisterTable.TryGet(encoding, out _);

    /// <summary>MRS of an ICC register; false when the access is UNDEFINED (unknown or write-only register).</summary>
    public bool TryReadSystemRegister(SystemRegisterEncoding encoding, out ulong value)
    {
        if (!IccRegisterTable.TryGet(encoding, out var descriptor) || !descriptor.Readable)
        {
            value = 0;
            return false;
        }

        lock (_state.Lock)
        {
            value = ReadLocked(descriptor.Register);
        }

        return true;
    }

    /// <summary>MSR to an ICC register; false when the access is UNDEFINED (unknown or read-only register).</summary>
    public bool TryWriteSystemRegister(SystemRegisterEncoding encoding, ulong value)
    {
        if (!IccRegisterTable.TryGet(encoding, out var descriptor) || !descriptor.Writable)
        {
            return false;
        }

        lock (_state.Lock)
        {
            WriteLocked(descriptor.Register, value);
            _state.Update();
        }

        return true;
    }

    /// <summary>Reads <paramref name="register"/> as an MRS would (convenience for the core and tests).</summary>
    public ulong Read(IccRegister register)
    {
        lock (_state.Lock)
        {
            return ReadLocked(register);
        }
    }

    /// <summary>Writes <paramref name="register"/> (convenience for the core and tests).</summary>
    public void Write(IccRegister register, ulong value)
    {
        lock (_state.Lock)
        {
            WriteLocked(register, value);
            _state.Update();
        }
    }

    internal bool IsGroupEnabled(bool group1) => group1 ? _groupEnable1 : _groupEnable0;

    internal void ResetLocked()
    {
        _pmr = 0;
        _bpr0 = MinimumBpr0;
        _bpr1 = MinimumBpr1;
        _cbpr = false;
        _eoiMode = false;
        _groupEnable0 = false;
        _groupEnable1 = false;
        _activePriorities0 = 0;
        _activePriorities1 = 0;
    }

    /// <summary>Recomputes the IRQ and FIQ outputs and drives the wires when they change. Caller holds the GIC lock.</summary>
    internal void UpdateOutputs()
    {
        var pending = _state.HighestPriorityPending(_cpu);
        bool signal = pending is not null && IsGroupEnabled(pending.Group1) && CanPreempt(pending);
        bool irq = signal && pending!.Group1;
        bool fiq = signal && !pending!.Group1;
        if (irq != _irqLevel)
        {
            _irqLevel = irq;
            _state.Connections[_cpu].Irq.Set(irq);
        }

        if (fiq != _fiqLevel)
        {
            _fiqLevel = fiq;
            _state.Connections[_cpu].Fiq?.Set(fiq);
        }
    }
}
