namespace Armvisor.Core.WfeChannel;

/// <summary>What a VM's configuration lets its guest do through the WFE channel.</summary>
/// <param name="Enabled">The hypervisor traps WFE (HCR_EL2.TWE) and answers requests.</param>
/// <param name="AllowEl0Detect">A DETECT issued at EL0 is answered; every other EL0 request stays an ordinary WFE.</param>
/// <param name="AllowedActions">Watchdog actions the guest may choose.</param>
/// <param name="MinimumTimeoutMs">Shortest watchdog timeout accepted.</param>
/// <param name="MaximumTimeoutMs">Longest watchdog timeout accepted.</param>
/// <param name="MonitorTrapsWfe">The secure monitor traps WFE (SCR_EL3.TWE) and answers requests the hypervisor does not see.</param>
public sealed record WfeChannelPolicy(
    bool Enabled = true,
    bool AllowEl0Detect = false,
    IReadOnlySet<WatchdogAction>? AllowedActions = null,
    ulong MinimumTimeoutMs = 10,
    ulong MaximumTimeoutMs = 3_600_000,
    bool MonitorTrapsWfe = false)
{
    /// <summary>Every action (the default).</summary>
    public IReadOnlySet<WatchdogAction> Actions => AllowedActions ?? s_all;

    private static readonly IReadOnlySet<WatchdogAction> s_all =
        new HashSet<WatchdogAction> { WatchdogAction.ResetVm, WatchdogAction.InjectInterrupt, WatchdogAction.LogOnly };
}
