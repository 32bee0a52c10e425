namespace Armvisor.Core.WfeChannel;

/// <summary>Commands of the WFE channel (X1 of a request).</summary>
public enum WfeCommand : ulong
{
    /// <summary>Who is there? Response X2 = identity, X3 = capabilities.</summary>
    Detect = 1,

    /// <summary>X2 = timeout in milliseconds, X3 = <see cref="WatchdogAction"/> | scope bit 8 (1 = per vCPU, 0 = per VM).</summary>
    WatchdogConfig = 2,

    /// <summary>Restarts the watchdog's countdown.</summary>
    WatchdogPet = 3,

    /// <summary>Stops the watchdog.</summary>
    WatchdogDisable = 4,

    /// <summary>Asks the hypervisor which secure monitor it sits on: X2 = monitor identity (0 if none), X3 = its capabilities.</summary>
    QuerySecureMonitor = 5,

    /// <summary>Where is this vCPU's private data area? X2 = its alias IPA (the same on every vCPU), X3 = size in bytes (patents.md §3).</summary>
    PrdaInfo = 6,

    /// <summary>
    /// The guest left a non-preemptible region and found the hypervisor's preemptPending set: the vCPU gives up its
    /// host thread now (the switch the hypervisor deferred). Clears preemptPending.
    /// </summary>
    Yield = 7,
}
