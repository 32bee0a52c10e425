namespace Armvisor.Devices.Gic;

/// <summary>
/// The state of one INTID as the GIC architecture defines it (IHI0069 §4.1.2 "Interrupt lifecycle"): enable, a
/// pending latch, the input line level, active, group, priority and trigger mode. Mutated only under the GIC lock.
/// </summary>
internal sealed class GicInterrupt
{
    public GicInterrupt(int intid) => Intid = intid;

    public int Intid { get; }

    public bool Enabled { get; set; }

    /// <summary>Pending state latched by an edge, a software write to ISPENDR or an SGI.</summary>
    public bool PendingLatch { get; set; }

    /// <summary>The current level of the input wire.</summary>
    public bool LineLevel { get; set; }

    public bool Active { get; set; }

    /// <summary>Group 1 (IGROUPR bit set) or Group 0. With GICD_CTLR.DS == 1 there is no group modifier.</summary>
    public bool Group1 { get; set; }

    /// <summary>Edge-triggered (ICFGR Int_config[1] == 1) or level-sensitive.</summary>
    public bool EdgeTriggered { get; set; }

    /// <summary>Priority with only the implemented bits kept (lower value = higher priority).</summary>
    public byte Priority { get; set; }

    /// <summary>GICD_IROUTER&lt;n&gt; for SPIs: affinity (MPIDR layout) and IRM in bit 31.</summary>
    public ulong Router { get; set; }

    /// <summary>
    /// Pending as the architecture sees it: for a level-sensitive interrupt the asserted line keeps it pending
    /// (IHI0069 §4.1.2); for an edge-triggered one only the latch counts.
    /// </summary>
    public bool IsPending => PendingLatch || (!EdgeTriggered && LineLevel);

    /// <summary>The input wire changed level.</summary>
    public void SetLevel(bool level)
    {
        if (EdgeTriggered && level && !LineLevel)
        {
            PendingLatch = true;
        }

        LineLevel = level;
    }

    public void Reset(bool edgeTriggered)
    {
        Enabled = false;
        PendingLatch = false;
        Active = false;
        Group1 = false;
        EdgeTriggered = edgeTriggered;
        Priority = 0;
        Router = 0;

        // The wire keeps its level across a GIC reset: the device driving it has not changed.
    }
}
