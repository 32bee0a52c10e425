using Armvisor.Arm64;
using Armvisor.Devices.Registers;

namespace Armvisor.Devices.Gic;

/// <summary>
/// The redistributor of one PE (GICR, IHI0069 §12.10–12.11): the RD_base frame (control, identification, power
/// management) and, 64 KiB above it, the SGI_base frame with the banked SGI/PPI state. No LPIs, no VLPIs.
/// </summary>
public sealed class GicV3Redistributor : IMmioDevice
{
    /// <summary>Size of one redistributor: RD_base + SGI_base, two 64 KiB frames (GICv3 without VLPIs).</summary>
    public const ulong FrameSize = 0x2_0000;

    private const ulong SgiBase = 0x1_0000;

    private readonly GicV3State _state;
    private readonly int _cpu;
    private readonly RegisterMap _rdBase;
    private readonly RegisterMap _sgiBase;

    internal GicV3Redistributor(GicV3State state, int cpu)
    {
        _state = state;
        _cpu = cpu;
        _rdBase = new RegisterMap(SgiBase, new GuestAccessLog($"GICR{cpu}", state.Logger));
        _sgiBase = new RegisterMap(SgiBase, new GuestAccessLog($"GICR{cpu}.SGI", state.Logger));
        DefineRdBase();
        DefineSgiBase();
    }

    public ulong Size => FrameSize;

    /// <summary>Index of the PE this redistributor serves.</summary>
    public int CpuIndex => _cpu;

    public ulong Read(ulong offset, AccessSize size)
    {
        lock (_state.Lock)
        {
            return offset < SgiBase ? _rdBase.Read(offset, size) : _sgiBase.Read(offset - SgiBase, size);
        }
    }

    public void Write(ulong offset, AccessSize size, ulong value)
    {
        lock (_state.Lock)
        {
            if (offset < SgiBase)
            {
                _rdBase.Write(offset, size, value);
            }
            else
            {
                _sgiBase.Write(offset - SgiBase, size, value);
            }

            _state.Update();
        }
    }

    /// <summary>Reset of the whole GIC is done by <see cref="GicV3.Reset"/>; the redistributor alone has no extra state.</summary>
    public void Reset()
    {
    }

    private bool IsLast => _cpu == _state.CpuCount - 1;

    private void DefineRdBase()
    {
        // GICR_TYPER (IHI0069 §12.11.37): PLPIS [0] = 0, VLPIS [1] = 0, Dirty [2], DirectLPI [3] = 0, Last [4],
        // DPGS [5] = 0, ProcessorNumber [23:8], CommonLPIAff [25:24] = 0, Affinity_Value [63:32].
        ulong typer = ((ulong)_state.Connections[_cpu].AffinityValue << 32)
            | ((ulong)_cpu << 8)
            | (IsLast ? 1UL << 4 : 0);

        _rdBase
            .Define(0x0000, "GICR_CTLR", r => r
                .WithFlag(0, "EnableLPIs", FieldMode.ReadOnly)
                .WithReserved(1, 2)
                .WithFlag(3, "RWP", FieldMode.ReadOnly)
                .WithReserved(4, 20)
                .WithUnimplemented(24, 3, "DPG1S/DPG1NS/DPG0")
                .WithReserved(27, 4)
                .WithFlag(31, "UWP", FieldMode.ReadOnly))
            .DefineConstant(0x0004, "GICR_IIDR", GicV3Distributor.ImplementerId)
            .DefineConstant(0x0008, "GICR_TYPER", typer, AccessSize.Doubleword)
            .Define(0x0010, "GICR_STATUSR", r => r.WithReserved(0, 32))
            // GICR_WAKER (IHI0069 §12.11.41): ProcessorSleep [1] RW, ChildrenAsleep [2] RO. The interface quiesces
            // at once, so ChildrenAsleep follows ProcessorSleep and the software handshake completes on first poll.
            .Define(0x0014, "GICR_WAKER", r => r
                .WithFlag(0, "IMPDEF", FieldMode.ReadOnly)
                .WithFlag(1, "ProcessorSleep", valueProvider: () => _state.ProcessorSleep[_cpu], onWrite: v => _state.ProcessorSleep[_cpu] = v)
                .WithFlag(2, "ChildrenAsleep", FieldMode.ReadOnly, valueProvider: () => _state.ProcessorSleep[_cpu])
                .WithReserved(3, 28)
                .WithFlag(31, "IMPDEF", FieldMode.ReadOnly))
            .DefineConstant(0x0070, "GICR_PROPBASER", 0, AccessSize.Doubleword)
            .DefineConstant(0x0078, "GICR_PENDBASER", 0, AccessSize.Doubleword);

        GicV3IdRegisters.Define(_rdBase, "GICR");
    }

    private void DefineSgiBase()
    {
        DefinePrivateBank(0x0080, "GICR_IGROUPR0", 1, irq => irq.Group1 ? 1UL : 0, (irq, v) => irq.Group1 = v != 0);
        DefinePrivateBank(0x0100, "GICR_ISENABLER0", 1, irq => irq.Enabled ? 1UL : 0, (irq, v) => irq.Enabled |= v != 0);
        DefinePrivateBank(0x0180, "GICR_ICENABLER0", 1, irq => irq.Enabled ? 1UL : 0, (irq, v) => irq.Enabled &= v == 0);
        DefinePrivateBank(0x0200, "GICR_ISPENDR0", 1, irq => irq.IsPending ? 1UL : 0, (irq, v) => irq.PendingLatch |= v != 0);
        DefinePrivateBank(0x0280, "GICR_ICPENDR0", 1, irq => irq.IsPending ? 1UL : 0, (irq, v) => irq.PendingLatch &= v == 0);
        DefinePrivateBank(0x0300, "GICR_ISACTIVER0", 1, irq => irq.Active ? 1UL : 0, (irq, v) => irq.Active |= v != 0);
        DefinePrivateBank(0x0380, "GICR_ICACTIVER0", 1, irq => irq.Active ? 1UL : 0, (irq, v) => irq.Active &= v == 0);
        DefinePrivateBank(0x0400, "GICR_IPRIORITYR", 8, irq => irq.Priority, (irq, v) => irq.Priority = (byte)(v & GicV3State.PriorityMask));

        // GICR_ICFGR0: SGIs are always edge-triggered (Int_config = 0b10 each, RO). GICR_ICFGR1: PPIs, programmable.
        _sgiBase.DefineArray(0x0C00, "GICR_ICFGR0", 0, GicIntid.SgiCount, 2, _ => 2, null);
        _sgiBase.DefineArray(0x0C04, "GICR_ICFGR1", GicIntid.FirstPpi, GicIntid.FirstSpi - GicIntid.FirstPpi, 2,
            intid => _state.Private(_cpu, intid).EdgeTriggered ? 2UL : 0,
            (intid, v) => _state.Private(_cpu, intid).EdgeTriggered = (v & 2) != 0);
        _sgiBase.DefineArray(0x0D00, "GICR_IGRPMODR0", 0, GicIntid.FirstSpi, 1, _ => 0, static (_, _) => { });
        _sgiBase.DefineArray(0x0E00, "GICR_NSACR", 0, GicIntid.FirstSpi, 2, _ => 0, static (_, _) => { });
    }

    private void DefinePrivateBank(ulong offset, string name, int bitsPerIrq, Func<GicInterrupt, ulong> read, Action<GicInterrupt, ulong> write) =>
        _sgiBase.DefineArray(offset, name, 0, GicIntid.FirstSpi, bitsPerIrq,
            intid => read(_state.Private(_cpu, intid)),
            (intid, v) => write(_state.Private(_cpu, intid), v));
}
