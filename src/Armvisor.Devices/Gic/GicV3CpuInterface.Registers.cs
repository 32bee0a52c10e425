using System.Numerics;

namespace Armvisor.Devices.Gic;

/// <summary>Register reads and writes, and the priority rules of IHI0069 §4.8 that they implement.</summary>
public sealed partial class GicV3CpuInterface
{
    // ICC_CTLR_EL1 (IHI0069 §12.2.6): CBPR [0], EOImode [1], PMHE [6], PRIbits [10:8], IDbits [13:11], SEIS [14],
    // A3V [15], RSS [18], ExtRange [19].
    private const ulong CtlrCbpr = 1UL << 0;
    private const ulong CtlrEoiMode = 1UL << 1;
    private const ulong CtlrPriBits = (GicV3State.PriorityBits - 1UL) << 8;
    private const ulong CtlrIdBits16 = 0UL << 11;
    private const ulong CtlrA3v = 1UL << 15;
    private const ulong CtlrRss = 1UL << 18;

    // ICC_SRE_EL1 (IHI0069 §12.2.15): SRE [0], DFB [1], DIB [2], all RAO/WI: the System register interface is the
    // only interface (no GICv2 memory-mapped CPU interface), so SRE "sticks" as Linux requires.
    private const ulong SreValue = 0b111;

    private ulong ControlValue =>
        (_cbpr ? CtlrCbpr : 0) | (_eoiMode ? CtlrEoiMode : 0) | CtlrPriBits | CtlrIdBits16 | CtlrA3v | CtlrRss;

    /// <summary>ICC_BPR1_EL1 as read: with CBPR set it reads BPR0 + 1, saturated at 7 (IHI0069 §12.2.5).</summary>
    private int EffectiveBpr1 => _cbpr ? Math.Min(_bpr0 + 1, 7) : _bpr1;

    /// <summary>ICC_RPR_EL1: the group priority of the highest active priority, or 0xFF when idle (IHI0069 §12.2.13).</summary>
    private byte RunningPriority
    {
        get
        {
            uint active = _activePriorities0 | _activePriorities1;
            return active == 0 ? GicV3State.IdlePriority : (byte)(BitOperations.TrailingZeroCount(active) << ActivePriorityShift);
        }
    }

    private ulong ReadLocked(IccRegister register) => register switch
    {
        IccRegister.Pmr => _pmr,
        IccRegister.Iar0 => Acknowledge(group1: false),
        IccRegister.Iar1 => Acknowledge(group1: true),
        IccRegister.Hppir0 => HighestPendingIntid(group1: false),
        IccRegister.Hppir1 => HighestPendingIntid(group1: true),
        IccRegister.Bpr0 => (ulong)_bpr0,
        IccRegister.Bpr1 => (ulong)EffectiveBpr1,
        IccRegister.Ap0r0 => _activePriorities0,
        IccRegister.Ap1r0 => _activePriorities1,
        IccRegister.Rpr => RunningPriority,
        IccRegister.Ctlr => ControlValue,
        IccRegister.Sre => SreValue,
        IccRegister.Igrpen0 => _groupEnable0 ? 1UL : 0,
        IccRegister.Igrpen1 => _groupEnable1 ? 1UL : 0,
        _ => 0,
    };

    private void WriteLocked(IccRegister register, ulong value)
    {
        switch (register)
        {
            case IccRegister.Pmr:
                // Only the implemented priority bits are kept (IHI0069 §12.2.12).
                _pmr = (byte)(value & GicV3State.PriorityMask);
                break;
            case IccRegister.Bpr0:
                _bpr0 = Math.Max((int)(value & 7), MinimumBpr0);
                break;
            case IccRegister.Bpr1:
                // With CBPR set, writes to the Non-secure ICC_BPR1_EL1 are ignored (IHI0069 §12.2.5).
                if (!_cbpr)
                {
                    _bpr1 = Math.Max((int)(value & 7), MinimumBpr1);
                }

                break;
            case IccRegister.Ap0r0:
                _activePriorities0 = (uint)value;
                break;
            case IccRegister.Ap1r0:
                _activePriorities1 = (uint)value;
                break;
            case IccRegister.Ctlr:
                _cbpr = (value & CtlrCbpr) != 0;
                _eoiMode = (value & CtlrEoiMode) != 0;
                break;
            case IccRegister.Igrpen0:
                _groupEnable0 = (value & 1) != 0;
                break;
            case IccRegister.Igrpen1:
                _groupEnable1 = (value & 1) != 0;
                break;
            case IccRegister.Eoir0:
                EndOfInterrupt(group1: false, (int)(value & 0xFF_FFFF));
                break;
            case IccRegister.Eoir1:
                EndOfInterrupt(group1: true, (int)(value & 0xFF_FFFF));
                break;
            case IccRegister.Dir:
                DeactivateByDir((int)(value & 0xFF_FFFF));
                break;
            case IccRegister.Sgi1r:
                GenerateSgi(value, group1: true);
                break;
            case IccRegister.Sgi0r:
                GenerateSgi(value, group1: false);
                break;
            case IccRegister.Asgi1r:
                // Generates Group 1 SGIs for the other Security state; with DS == 1 there is none, so no SGI is
                // generated (the same outcome as QEMU's GIC without EL3).
                break;
            case IccRegister.Sre:
                break;
        }
    }

    /// <summary>
    /// The group priority mask for an interrupt of the given group (IHI0069 §4.8.3 "Priority grouping" and the
    /// GroupBits() pseudocode): Group 0, or Group 1 with CBPR, uses [7:BPR0+1]; Group 1 uses [7:BPR1].
    /// </summary>
    private byte GroupPriorityMask(bool group1)
    {
        int firstGroupBit = group1 && !_cbpr ? _bpr1 : _bpr0 + 1;
        return (byte)(0xFF << firstGroupBit);
    }

    /// <summary>
    /// Whether <paramref name="irq"/> may be signalled now: its priority is higher than the priority mask and its
    /// group priority is higher than the running priority (IHI0069 §4.8.5 "Preemption", §4.8.6 "Priority masking").
    /// </summary>
    private bool CanPreempt(GicInterrupt irq)
    {
        if (irq.Priority >= _pmr)
        {
            return false;
        }

        byte running = RunningPriority;
        if (running == GicV3State.IdlePriority)
        {
            return true;
        }

        byte mask = GroupPriorityMask(irq.Group1);
        return (irq.Priority & mask) < (running & mask);
    }

    private ulong HighestPendingIntid(bool group1)
    {
        var pending = _state.HighestPriorityPending(_cpu);
        return pending is not null && pending.Group1 == group1 ? (ulong)pending.Intid : GicIntid.Spurious;
    }

    /// <summary>
    /// ICC_IAR0/1_EL1: acknowledges the highest-priority pending interrupt if it belongs to the group read, its group
    /// is enabled and it can preempt; it becomes active (pending and active if a level input is still asserted) and
    /// its group priority is recorded in the active priorities register. Otherwise returns 1023.
    /// </summary>
    private ulong Acknowledge(bool group1)
    {
        var pending = _state.HighestPriorityPending(_cpu);
        if (pending is null || pending.Group1 != group1 || !IsGroupEnabled(group1) || !CanPreempt(pending))
        {
            return GicIntid.Spurious;
        }

        pending.Active = true;
        pending.PendingLatch = false;
        int activeBit = (pending.Priority & GroupPriorityMask(group1)) >> ActivePriorityShift;
        if (group1)
        {
            _activePriorities1 |= 1u << activeBit;
        }
        else
        {
            _activePriorities0 |= 1u << activeBit;
        }

        _state.Update();
        return (ulong)pending.Intid;
    }

    /// <summary>
    /// ICC_EOIR0/1_EL1: priority drop of the highest active priority, and with EOImode == 0 deactivation of the INTID
    /// too (IHI0069 §4.1.1 "Interrupt lifecycle", §12.2.9). INTIDs 1020-1023 are ignored; an EOI whose group does not
    /// own the highest active priority is ignored (the architecture makes it UNPREDICTABLE).
    /// </summary>
    private void EndOfInterrupt(bool group1, int intid)
    {
        if (intid is >= 1020 and <= 1023)
        {
            return;
        }

        uint active = _activePriorities0 | _activePriorities1;
        if (active == 0)
        {
            _state.GuestError($"CPU {_cpu}: EOI of INTID {intid} with no active priority ignored");
            return;
        }

        uint highest = active & (~active + 1);
        if (group1)
        {
            if ((_activePriorities1 & highest) == 0)
            {
                _state.GuestError($"CPU {_cpu}: Group 1 EOI of INTID {intid} while the highest active priority is Group 0 ignored");
                return;
            }

            _activePriorities1 &= ~highest;
        }
        else
        {
            if ((_activePriorities0 & highest) == 0)
            {
                _state.GuestError($"CPU {_cpu}: Group 0 EOI of INTID {intid} while the highest active priority is Group 1 ignored");
                return;
            }

            _activePriorities0 &= ~highest;
        }

        if (!_eoiMode)
        {
            Deactivate(intid);
        }
    }

    /// <summary>ICC_DIR_EL1: deactivates the INTID when EOImode == 1; with EOImode == 0 the write is ignored.</summary>
    private void DeactivateByDir(int intid)
    {
        if (!_eoiMode)
        {
            _state.GuestError($"CPU {_cpu}: ICC_DIR_EL1 write with EOImode == 0 ignored");
            return;
        }

        if (intid is >= 1020 and <= 1023)
        {
            return;
        }

        Deactivate(intid);
    }

    private void Deactivate(int intid)
    {
        var irq = _state.Get(_cpu, intid);
        if (irq is not null)
        {
            irq.Active = false;
        }
    }

    /// <summary>
    /// ICC_SGI0R_EL1/ICC_SGI1R_EL1 (IHI0069 §12.2.19): TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2 [39:32],
    /// IRM [40], RS [47:44], Aff3 [55:48]. IRM == 1 targets every PE but this one. An SGI becomes pending on a target
    /// only if the target configured that SGI in the group the register generates.
    /// </summary>
    private void GenerateSgi(ulong value, bool group1)
    {
        int intid = (int)((value >> 24) & 0xF);
        ushort targetList = (ushort)value;
        bool allButSelf = ((value >> 40) & 1) != 0;
        ulong rangeSelector = (value >> 44) & 0xF;
        ulong clusterAffinity = (((value >> 48) & 0xFF) << 32) | (((value >> 32) & 0xFF) << 16) | (((value >> 16) & 0xFF) << 8);
        for (int cpu = 0; cpu < _state.CpuCount; cpu++)
        {
            ulong mpidr = _state.Connections[cpu].Mpidr;
            bool targeted;
            if (allButSelf)
            {
                targeted = cpu != _cpu;
            }
            else
            {
                ulong aff0 = mpidr & 0xFF;
                targeted = (mpidr & 0xFF_00FF_FF00) == clusterAffinity
                    && aff0 / 16 == rangeSelector
                    && (targetList & (1 << (int)(aff0 % 16))) != 0;
            }

            var sgi = _state.Private(cpu, intid);
            if (targeted && sgi.Group1 == group1)
            {
                sgi.PendingLatch = true;
            }
        }
    }
}
