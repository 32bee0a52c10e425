namespace Armvisor.Core.WfeChannel;

/// <summary>Capability bitmap in X3 of a DETECT response.</summary>
[Flags]
public enum WfeCapabilities : ulong
{
    None = 0,
    Detect = 1 << 0,
    Watchdog = 1 << 1,
    QuerySecureMonitor = 1 << 2,

    /// <summary>The memory-block request variant is accepted.</summary>
    MemoryBlock = 1 << 3,

    /// <summary>Watchdog actions this VM's configuration allows.</summary>
    ActionReset = 1 << 4,
    ActionInterrupt = 1 << 5,
    ActionLog = 1 << 6,

    /// <summary>PRDA_INFO: the VM has a per-vCPU private data area alias.</summary>
    PrivateDataArea = 1 << 7,

    /// <summary>YIELD: the hypervisor schedules vCPUs on fewer host threads and honours deferred preemption.</summary>
    Yield = 1 << 8,
}
