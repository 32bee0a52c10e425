using Microsoft.Extensions.Logging;

namespace Armvisor.Devices.Gic;

/// <summary>
/// Everything the distributor, the redistributors and the CPU interfaces share, behind the one GIC lock.
/// </summary>
/// <remarks>
/// Lock order: device locks (e.g. <c>Pl011._lock</c>) → <see cref="Lock"/> → the PE output wires
/// (<see cref="GicV3CpuConnection.Irq"/>/<see cref="GicV3CpuConnection.Fiq"/>). The output wires are driven with the
/// GIC lock held, so that their level always follows the last state change; their <c>Set</c> must therefore be
/// short and must not call back into the GIC (the core sets a flag and kicks the vCPU).
/// </remarks>
internal sealed partial class GicV3State
{
    /// <summary>Implemented priority bits: 5 (ICC_CTLR_EL1.PRIbits == 4), the minimum for a PE with EL3 support.</summary>
    public const int PriorityBits = 5;

    /// <summary>Mask of the implemented priority bits, [7:3]; the others are RAZ/WI (IHI0069 §4.8.1).</summary>
    public const byte PriorityMask = unchecked((byte)(0xFF << (8 - PriorityBits)));

    /// <summary>Idle running priority: no active interrupt (IHI0069 ICC_RPR_EL1).</summary>
    public const byte IdlePriority = 0xFF;

    private readonly GicInterrupt[][] _private;
    private readonly GicInterrupt[] _spis;

    public GicV3State(int spiCount, IReadOnlyList<GicV3CpuConnection> connections, ILogger? logger)
    {
        SpiCount = spiCount;
        Connections = connections;
        Logger = logger;
        Log = new GuestAccessLog("GICv3", logger);
        _private = new GicInterrupt[connections.Count][];
        for (int cpu = 0; cpu < connections.Count; cpu++)
        {
            _private[cpu] = new GicInterrupt[GicIntid.FirstSpi];
            for (int intid = 0; intid < GicIntid.FirstSpi; intid++)
            {
                _private[cpu][intid] = new GicInterrupt(intid);
            }
        }

        _spis = new GicInterrupt[spiCount];
        for (int i = 0; i < spiCount; i++)
        {
            _spis[i] = new GicInterrupt(GicIntid.FirstSpi + i);
        }

        CpuInterfaces = new GicV3CpuInterface[connections.Count];
        ProcessorSleep = new bool[connections.Count];
        ResetInterrupts();
    }

    public Lock Lock { get; } = new();

    public int SpiCount { get; }

    public int CpuCount => Connections.Count;

    public IReadOnlyList<GicV3CpuConnection> Connections { get; }

    public ILogger? Logger { get; }

    /// <summary>Rate-limited log of guest misuse (EOI without active priority and the like).</summary>
    public GuestAccessLog Log { get; }

    /// <summary>Set once by <see cref="GicV3"/> after construction.</summary>
    public GicV3CpuInterface[] CpuInterfaces { get; }

    /// <summary>GICR_WAKER.ProcessorSleep per PE.</summary>
    public bool[] ProcessorSleep { get; }

    /// <summary>GICD_CTLR.EnableGrp0.</summary>
    public bool EnableGroup0 { get; set; }

    /// <summary>GICD_CTLR.EnableGrp1 (EnableGrp1NS in the two-security-state view).</summary>
    public bool EnableGroup1 { get; set; }

    /// <summary>One past the largest implemented INTID.</summary>
    public int IntidLimit => GicIntid.FirstSpi + SpiCount;

    /// <summary>The interrupt <paramref name="intid"/> as seen by PE <paramref name="cpu"/> (SGIs and PPIs are banked per PE).</summary>
    public GicInterrupt? Get(int cpu, int intid) =>
        intid < GicIntid.FirstSpi ? (uint)cpu < (uint)CpuCount && intid >= 0 ? _private[cpu][intid] : null
        : intid < IntidLimit ? _spis[intid - GicIntid.FirstSpi] : null;

    public GicInterrupt Spi(int intid) => _spis[intid - GicIntid.FirstSpi];

    public GicInterrupt Private(int cpu, int intid) => _private[cpu][intid];

    /// <summary>Returns every part of the GIC to its reset state and lowers the outputs.</summary>
    public void ResetAll()
    {
        lock (Lock)
        {
            ResetInterrupts();
            foreach (var cpuInterface in CpuInterfaces)
            {
                cpuInterface.ResetLocked();
            }

            Update();
        }
    }

    public void ResetInterrupts()
    {
        EnableGroup0 = false;
        EnableGroup1 = false;
        for (int cpu = 0; cpu < CpuCount; cpu++)
        {
            ProcessorSleep[cpu] = true;
            foreach (var irq in _private[cpu])
            {
                // SGIs are always edge-triggered; PPIs reset to level-sensitive (the timers are level outputs).
                irq.Reset(edgeTriggered: irq.Intid < GicIntid.SgiCount);
            }
        }

        foreach (var irq in _spis)
        {
            irq.Reset(edgeTriggered: false);
        }
    }

    /// <summary>
    /// The PE an SPI is delivered to: the one whose affinity matches GICD_IROUTER, or with IRM == 1 (1 of N) the
    /// lowest-numbered PE that is awake and has the interrupt's group enabled; -1 when no PE matches.
    /// </summary>
    public int SpiTarget(GicInterrupt spi)
    {
        const ulong irmBit = 1UL << 31;
        if ((spi.Router & irmBit) != 0)
        {
            for (int cpu = 0; cpu < CpuCount; cpu++)
            {
                if (!ProcessorSleep[cpu] && CpuInterfaces[cpu].IsGroupEnabled(spi.Group1))
                {
                    return cpu;
                }
            }

            return -1;
        }

        ulong affinity = spi.Router & 0xFF_00FF_FFFF;
        for (int cpu = 0; cpu < CpuCount; cpu++)
        {
            if ((Connections[cpu].Mpidr & 0xFF_00FF_FFFF) == affinity)
            {
                return cpu;
            }
        }

        return -1;
    }

    /// <summary>
    /// The highest-priority pending interrupt for PE <paramref name="cpu"/>: enabled, pending, not active, its group
    /// enabled in GICD_CTLR. Ties go to the lowest INTID (the architecture leaves the choice IMPLEMENTATION DEFINED).
    /// </summary>
    public GicInterrupt? HighestPriorityPending(int cpu)
    {
        GicInterrupt? best = null;
        foreach (var irq in _private[cpu])
        {
            if (IsCandidate(irq) && (best is null || irq.Priority < best.Priority))
            {
                best = irq;
            }
        }

        foreach (var irq in _spis)
        {
            if (IsCandidate(irq) && (best is null || irq.Priority < best.Priority) && SpiTarget(irq) == cpu)
            {
                best = irq;
            }
        }

        return best;
    }

    /// <summary>Re-evaluates every PE's outputs; call after any state change, with <see cref="Lock"/> held.</summary>
    public void Update()
    {
        foreach (var cpuInterface in CpuInterfaces)
        {
            cpuInterface.UpdateOutputs();
        }
    }

    public void GuestError(string message) => Log.GuestError(message);

    private bool IsCandidate(GicInterrupt irq) =>
        irq.Enabled && irq.IsPending && !irq.Active && (irq.Group1 ? EnableGroup1 : EnableGroup0);
}
