using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// One vCPU's PMUv3 (ARMv8.0, ID_AA64DFR0_EL1.PMUVer = 1; DDI0487 D13): the cycle counter and
/// <see cref="EventCounterCount"/> 32-bit event counters that count SW_INCR (0x00), INST_RETIRED (0x08) and
/// CPU_CYCLES (0x11) — what Linux perf's "cycles" and "instructions" use. The engine has no cycle model, so a cycle
/// is a retired instruction (CPI 1). Counters are brought up to date lazily from the vCPU's retired-instruction count
/// whenever a PMU register is accessed and when the exception level changes (for the EL filters), so counting costs
/// nothing on the execution path; while an overflow interrupt is enabled the run loop also polls them with the timers
/// (<see cref="Poll"/>), so the request follows an overflow within a timer-check interval.
/// </summary>
public sealed class PerformanceMonitors
{
    /// <summary>PMCR_EL0.N: event counters implemented (Cortex-A72 has six).</summary>
    public const int EventCounterCount = 6;

    /// <summary>Index of the cycle counter in PMCNTEN*, PMOVS*, PMINTEN* and PMSELR_EL0.SEL.</summary>
    public const int CycleCounterIndex = 31;

    public const ushort EventSoftwareIncrement = 0x00;
    public const ushort EventInstructionsRetired = 0x08;
    public const ushort EventCpuCycles = 0x11;

    /// <summary>PMCR_EL0 (D24.5.14): E, P, C, D, X, DP, LC.</summary>
    private const ulong PmcrE = 1, PmcrP = 1 << 1, PmcrC = 1 << 2, PmcrD = 1 << 3, PmcrLc = 1 << 6;
    private const ulong PmcrStored = PmcrE | PmcrD | (1 << 4) | (1 << 5) | PmcrLc;

    /// <summary>PMCR_EL0.IMP = 0x41 (Arm), IDCODE = 0x03, N = six counters.</summary>
    private const ulong PmcrReadOnly = (0x41UL << 24) | (0x03UL << 16) | ((ulong)EventCounterCount << 11);

    /// <summary>PMEVTYPER&lt;n&gt;_EL0 / PMCCFILTR_EL0 filter bits: P (EL1), U (EL0), NSK, NSU, NSH (D24.5.9).</summary>
    private const uint FilterP = 1u << 31, FilterU = 1u << 30, FilterNsk = 1u << 29, FilterNsu = 1u << 28;
    private const uint TypeWritable = 0xF800_03FF;
    private const uint CycleFilterWritable = 0xF800_0000;

    private const uint ImplementedMask = ((1u << EventCounterCount) - 1) | (1u << CycleCounterIndex);

    private readonly ulong[] _counters = new ulong[EventCounterCount];
    private readonly uint[] _types = new uint[EventCounterCount];
    private readonly bool _hasEl3;
    private ulong _pmcr;
    private ulong _cycles;
    private ulong _cycleRemainder;
    private uint _cycleFilter;
    private uint _enabled;
    private uint _overflow;
    private uint _interruptEnabled;
    private uint _select;
    private ulong _lastRetired;

    public PerformanceMonitors(bool hasEl3) => _hasEl3 = hasEl3;

    /// <summary>The vCPU's retired-instruction count (set by the interpreter); null counts nothing.</summary>
    public Func<ulong>? RetiredInstructions { get; set; }

    /// <summary>PMUSERENR_EL0: EN (bit 0), SW (1), CR (2), ER (3) — the EL0 access controls (D24.5.21).</summary>
    public uint UserEnable { get; private set; }

    /// <summary>Overflow flags (PMOVSSET_EL0).</summary>
    public uint OverflowStatus => _overflow;

    /// <summary>Overflow interrupt enables (PMINTENSET_EL1).</summary>
    public uint InterruptEnable => _interruptEnabled;

    /// <summary>
    /// PMUIRQ (pseudocode CheckForPMUOverflow): PMCR_EL0.E is 1 and some counter has both its PMINTENSET_EL1 and
    /// PMOVSSET_EL0 bits set. Level-sensitive: clearing the overflow flag or the enable drops it.
    /// </summary>
    public bool InterruptRequested => (_pmcr & PmcrE) != 0 && (_overflow & _interruptEnabled) != 0;

    /// <summary>Brings the counters up to date when an overflow could raise the interrupt (the run loop calls it with the timer checks).</summary>
    public void Poll(CpuState cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        if ((_pmcr & PmcrE) != 0 && (_enabled & _interruptEnabled) != 0)
        {
            Sync(cpu.CurrentEl);
        }
    }

    /// <summary>PMCEID0_EL0: bit n set = common event n is implemented (D24.5.4).</summary>
    public static ulong CommonEventId0 =>
        (1UL << EventSoftwareIncrement) | (1UL << EventInstructionsRetired) | (1UL << EventCpuCycles);

    /// <summary>True when a counter counts and the exception level decides whether it does (the EL filters).</summary>
    private bool FiltersByLevel
    {
        get
        {
            if ((_pmcr & PmcrE) == 0 || _enabled == 0)
            {
                return false;
            }

            if ((_enabled & (1u << CycleCounterIndex)) != 0 && (_cycleFilter & (FilterP | FilterU | FilterNsk | FilterNsu)) != 0)
            {
                return true;
            }

            for (int n = 0; n < EventCounterCount; n++)
            {
                if ((_enabled & (1u << n)) != 0 && (_types[n] & (FilterP | FilterU | FilterNsk | FilterNsu)) != 0)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Called before PSTATE.EL changes (exception entry, ERET): counts what ran at the old level.</summary>
    public void ExceptionLevelChanging(CpuState cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        // Without an EL filter in use every instruction counts the same, so the next sync can take them all.
        if (FiltersByLevel)
        {
            Sync(cpu.CurrentEl);
        }
    }

    internal ulong Read(CpuState cpu, PerformanceMonitorRegister register, int index)
    {
        Sync(cpu.CurrentEl);
        return register switch
        {
            PerformanceMonitorRegister.Control => PmcrReadOnly | _pmcr,
            PerformanceMonitorRegister.CountEnableSet or PerformanceMonitorRegister.CountEnableClear => _enabled,
            PerformanceMonitorRegister.OverflowSet or PerformanceMonitorRegister.OverflowClear => _overflow,
            PerformanceMonitorRegister.InterruptEnableSet or PerformanceMonitorRegister.InterruptEnableClear => _interruptEnabled,
            PerformanceMonitorRegister.Select => _select,
            PerformanceMonitorRegister.CommonEventId0 => CommonEventId0,
            PerformanceMonitorRegister.CycleCounter => _cycles,
            PerformanceMonitorRegister.CycleFilter => _cycleFilter,
            PerformanceMonitorRegister.SelectedType => _select == CycleCounterIndex ? _cycleFilter : TypeOf((int)_select),
            PerformanceMonitorRegister.SelectedCounter => _select < EventCounterCount ? _counters[_select] : 0,
            PerformanceMonitorRegister.EventType => _types[index],
            PerformanceMonitorRegister.EventCounter => _counters[index],
            PerformanceMonitorRegister.UserEnable => UserEnable,
            _ => 0,
        };
    }

    internal void Write(CpuState cpu, PerformanceMonitorRegister register, int index, ulong value)
    {
        // Count what ran under the old controls first.
        Sync(cpu.CurrentEl);
        uint mask = (uint)value & ImplementedMask;
        switch (register)
        {
            case PerformanceMonitorRegister.Control:
                if ((value & PmcrP) != 0)
                {
                    Array.Clear(_counters);
                }

                if ((value & PmcrC) != 0)
                {
                    _cycles = 0;
                    _cycleRemainder = 0;
                }

                _pmcr = value & PmcrStored;
                break;
            case PerformanceMonitorRegister.CountEnableSet: _enabled |= mask; break;
            case PerformanceMonitorRegister.CountEnableClear: _enabled &= ~mask; break;
            case PerformanceMonitorRegister.OverflowSet: _overflow |= mask; break;
            case PerformanceMonitorRegister.OverflowClear: _overflow &= ~mask; break;
            case PerformanceMonitorRegister.InterruptEnableSet: _interruptEnabled |= mask; break;
            case PerformanceMonitorRegister.InterruptEnableClear: _interruptEnabled &= ~mask; break;
            case PerformanceMonitorRegister.SoftwareIncrement: SoftwareIncrement(cpu.CurrentEl, mask); break;
            case PerformanceMonitorRegister.Select: _select = (uint)value & 0x1F; break;
            case PerformanceMonitorRegister.CycleCounter: _cycles = value; break;
            case PerformanceMonitorRegister.CycleFilter: _cycleFilter = (uint)value & CycleFilterWritable; break;
            case PerformanceMonitorRegister.SelectedType:
                if (_select == CycleCounterIndex)
                {
                    _cycleFilter = (uint)value & CycleFilterWritable;
                }
                else if (_select < EventCounterCount)
                {
                    _types[_select] = (uint)value & TypeWritable;
                }

                break;
            case PerformanceMonitorRegister.SelectedCounter:
                // PMSELR_EL0.SEL of 31 or an unimplemented counter: CONSTRAINED UNPREDICTABLE, here ignored.
                if (_select < EventCounterCount)
                {
                    _counters[_select] = (uint)value;
                }

                break;
            case PerformanceMonitorRegister.EventType: _types[index] = (uint)value & TypeWritable; break;
            case PerformanceMonitorRegister.EventCounter: _counters[index] = (uint)value; break;
            case PerformanceMonitorRegister.UserEnable: UserEnable = (uint)value & 0xF; break;
        }
    }

    /// <summary>Warm reset (D13.1.2): counting off, controls zero; the counters' values are UNKNOWN (here zero).</summary>
    public void Reset()
    {
        Array.Clear(_counters);
        Array.Clear(_types);
        _pmcr = 0;
        _cycles = 0;
        _cycleRemainder = 0;
        _cycleFilter = 0;
        _enabled = 0;
        _overflow = 0;
        _interruptEnabled = 0;
        _select = 0;
        UserEnable = 0;
        _lastRetired = RetiredInstructions?.Invoke() ?? 0;
    }

    private uint TypeOf(int n) => n < EventCounterCount ? _types[n] : 0;

    /// <summary>Adds the instructions retired since the last sync to every counter that counts them at <paramref name="el"/>.</summary>
    private void Sync(int el)
    {
        ulong now = RetiredInstructions?.Invoke() ?? _lastRetired;
        ulong delta = now - _lastRetired;
        _lastRetired = now;
        if (delta == 0 || (_pmcr & PmcrE) == 0)
        {
            return;
        }

        for (int n = 0; n < EventCounterCount; n++)
        {
            ushort evt = (ushort)(_types[n] & 0x3FF);
            if ((_enabled & (1u << n)) != 0 && (evt == EventInstructionsRetired || evt == EventCpuCycles) && Counts(_types[n], el))
            {
                AddToEventCounter(n, delta);
            }
        }

        if ((_enabled & (1u << CycleCounterIndex)) != 0 && Counts(_cycleFilter, el))
        {
            ulong cycles = delta;
            if ((_pmcr & PmcrD) != 0)
            {
                // PMCR_EL0.D: the cycle counter counts every 64th cycle.
                ulong total = _cycleRemainder + delta;
                cycles = total >> 6;
                _cycleRemainder = total & 63;
            }

            ulong old = _cycles;
            _cycles = old + cycles;
            // Overflow at bit 63 with PMCR_EL0.LC, else when bits [31:0] wrap (D13.1.3).
            bool overflowed = (_pmcr & PmcrLc) != 0 ? _cycles < old : (uint)_cycles < (uint)old || cycles > uint.MaxValue;
            if (overflowed)
            {
                _overflow |= 1u << CycleCounterIndex;
            }
        }
    }

    /// <summary>Whether a filter (PMEVTYPER/PMCCFILTR) lets events at <paramref name="el"/> count: P/U, with NSK/NSU in Non-secure state when EL3 exists.</summary>
    private bool Counts(uint filter, int el)
    {
        if (el == 0)
        {
            bool u = (filter & FilterU) != 0;
            return _hasEl3 ? u == ((filter & FilterNsu) != 0) : !u;
        }

        bool p = (filter & FilterP) != 0;
        return _hasEl3 ? p == ((filter & FilterNsk) != 0) : !p;
    }

    private void AddToEventCounter(int n, ulong delta)
    {
        ulong sum = _counters[n] + delta;
        if (sum > uint.MaxValue)
        {
            _overflow |= 1u << n;
        }

        _counters[n] = (uint)sum;
    }

    private void SoftwareIncrement(int el, uint mask)
    {
        if ((_pmcr & PmcrE) == 0)
        {
            return;
        }

        for (int n = 0; n < EventCounterCount; n++)
        {
            if ((mask & (1u << n)) != 0 && (_enabled & (1u << n)) != 0 && (_types[n] & 0x3FF) == EventSoftwareIncrement && Counts(_types[n], el))
            {
                AddToEventCounter(n, 1);
            }
        }
    }
}
