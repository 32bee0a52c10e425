using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Gic;

/// <summary>
/// A GICv3 interrupt controller (Arm IHI0069): one <see cref="GicV3Distributor"/>, one
/// <see cref="GicV3Redistributor"/> and one <see cref="GicV3CpuInterface"/> per PE, sharing one lock.
/// </summary>
/// <remarks>
/// What is modelled: SGIs, PPIs and up to 988 SPIs; Group 0 (FIQ) and Group 1 (IRQ) with a single Security state
/// (GICD_CTLR.DS == 1); affinity routing only (ARE == 1) including 1-of-N (IRM); 5 priority bits; edge and level
/// inputs. Not modelled: LPIs and the ITS, the GICv2 compatibility interfaces, virtualisation (ICH_*/ICV_*),
/// NMI (FEAT_GICv3_NMI), extended INTID ranges.
/// <para>Lock order: device locks → GIC lock → PE output wires (see <see cref="GicV3State"/>). Every public member may be
/// called from any thread.</para>
/// </remarks>
public sealed partial class GicV3
{
    private readonly GicV3State _state;
    private readonly GicInterruptLine[] _spiLines;
    private readonly GicInterruptLine[][] _ppiLines;

    /// <summary>Builds a GIC for <paramref name="cpus"/> PEs (in PE order) and <paramref name="spiCount"/> SPIs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No PE, or an SPI count outside 0-988.</exception>
    public GicV3(int spiCount, IReadOnlyList<GicV3CpuConnection> cpus, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        ArgumentOutOfRangeException.ThrowIfNegative(spiCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spiCount, GicIntid.MaxSpiCount);
        if (cpus.Count == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(cpus), "A GIC needs at least one PE");
        }

        _state = new GicV3State(spiCount, cpus, logger);
        var redistributors = new GicV3Redistributor[cpus.Count];
        _ppiLines = new GicInterruptLine[cpus.Count][];
        for (int cpu = 0; cpu < cpus.Count; cpu++)
        {
            _state.CpuInterfaces[cpu] = new GicV3CpuInterface(_state, cpu);
            redistributors[cpu] = new GicV3Redistributor(_state, cpu);
            _ppiLines[cpu] = new GicInterruptLine[GicIntid.FirstSpi - GicIntid.FirstPpi];
            for (int ppi = 0; ppi < _ppiLines[cpu].Length; ppi++)
            {
                _ppiLines[cpu][ppi] = new GicInterruptLine(_state, _state.Private(cpu, GicIntid.FirstPpi + ppi));
            }
        }

        _spiLines = new GicInterruptLine[spiCount];
        for (int i = 0; i < spiCount; i++)
        {
            _spiLines[i] = new GicInterruptLine(_state, _state.Spi(GicIntid.FirstSpi + i));
        }

        Distributor = new GicV3Distributor(_state);
        Redistributors = redistributors;
        RedistributorRegion = new GicV3RedistributorRegion(redistributors, new GuestAccessLog("GICR region", logger));
        CpuInterfaces = _state.CpuInterfaces;
    }

    /// <summary>The GICD frame, 64 KiB.</summary>
    public GicV3Distributor Distributor { get; }

    /// <summary>All redistributors as one contiguous region (128 KiB per PE).</summary>
    public GicV3RedistributorRegion RedistributorRegion { get; }

    /// <summary>The redistributor of each PE.</summary>
    public IReadOnlyList<GicV3Redistributor> Redistributors { get; }

    /// <summary>The CPU interface (ICC_* System registers) of each PE.</summary>
    public IReadOnlyList<GicV3CpuInterface> CpuInterfaces { get; }

    /// <summary>Number of SPIs (INTIDs 32 .. 32 + SpiCount - 1).</summary>
    public int SpiCount => _state.SpiCount;

    /// <summary>The input wire of SPI <paramref name="intid"/> (an INTID, 32 or more; DT SPI number + 32).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not an implemented SPI: a machine configuration error.</exception>
    public IInterruptLine GetSpiLine(int intid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intid, GicIntid.FirstSpi);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(intid, GicIntid.FirstSpi + SpiCount);
        return _spiLines[intid - GicIntid.FirstSpi];
    }

    /// <summary>The input wire of PPI <paramref name="intid"/> (16-31) of PE <paramref name="cpu"/>, e.g. a timer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a PPI or not a PE: a machine configuration error.</exception>
    public IInterruptLine GetPpiLine(int cpu, int intid)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(cpu, _ppiLines.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(intid, GicIntid.FirstPpi);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(intid, GicIntid.FirstSpi);
        return _ppiLines[cpu][intid - GicIntid.FirstPpi];
    }

    /// <summary>Drives SPI <paramref name="intid"/> to <paramref name="level"/>.</summary>
    public void SetSpiLevel(int intid, bool level) => GetSpiLine(intid).Set(level);

    /// <summary>Drives PPI <paramref name="intid"/> of PE <paramref name="cpu"/> to <paramref name="level"/>.</summary>
    public void SetPpiLevel(int cpu, int intid, bool level) => GetPpiLine(cpu, intid).Set(level);

    /// <summary>
    /// Makes <paramref name="intid"/> pending as a write of its GICD/GICR_ISPENDR bit would (for SGIs and PPIs, on PE
    /// <paramref name="cpu"/>). The host uses it to inject an interrupt that no device wire drives, such as a
    /// pseudo-NMI for a VMM "nmi" command.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not an implemented INTID or not a PE: a host error.</exception>
    public void SetPending(int intid, int cpu = 0)
    {
        lock (_state.Lock)
        {
            var irq = _state.Get(cpu, intid) ?? throw new ArgumentOutOfRangeException(nameof(intid), $"INTID {intid} on PE {cpu} is not implemented");
            irq.PendingLatch = true;
            _state.Update();
        }
    }

    /// <summary>Returns the whole GIC to its reset state; input wire levels are kept.</summary>
    public void Reset() => _state.ResetAll();
}
