namespace Armvisor.Fleet.State;

/// <summary>
/// The legal transitions, as a table. Failed is reachable from every active state; Failed and Provisioned are
/// terminal. Self-transitions carry retry bookkeeping (attempts, backoff) without changing state.
/// </summary>
public static class HostStateMachine
{
    private static readonly Dictionary<HostState, HostState[]> Next = new()
    {
        [HostState.Registered] = [HostState.Registered, HostState.ConfigStored, HostState.Failed],
        [HostState.ConfigStored] = [HostState.ConfigStored, HostState.FirstBooting, HostState.Failed],
        [HostState.FirstBooting] = [HostState.FirstBooting, HostState.ConfigFetched, HostState.Failed],
        [HostState.ConfigFetched] = [HostState.ConfigInstalled, HostState.Failed],
        [HostState.ConfigInstalled] = [HostState.SecondBooting, HostState.Failed],
        [HostState.SecondBooting] = [HostState.Provisioned, HostState.Failed],
        [HostState.Provisioned] = [HostState.Provisioned],
        [HostState.Failed] = [],
    };

    public static bool IsLegal(HostState from, HostState to) => Next[from].Contains(to);

    /// <summary>The state an agent-reported phase moves a host into, and the state it must come from.</summary>
    public static (HostState From, HostState To)? ForPhase(string phase) => phase switch
    {
        HostPhases.ConfigFetched => (HostState.FirstBooting, HostState.ConfigFetched),
        HostPhases.ConfigInstalled => (HostState.ConfigFetched, HostState.ConfigInstalled),
        HostPhases.SecondBootStarted => (HostState.ConfigInstalled, HostState.SecondBooting),
        HostPhases.Provisioned => (HostState.SecondBooting, HostState.Provisioned),
        _ => null,
    };
}
