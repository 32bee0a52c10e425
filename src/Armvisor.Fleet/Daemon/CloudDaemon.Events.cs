using Armvisor.Fleet.Metadata;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Daemon;

/// <summary>Phase reports from the agents, applied as compare-and-swap transitions keyed by host and phase.</summary>
public sealed partial class CloudDaemon
{
    public async Task<EventAck> OnEventAsync(string instanceId, HostEvent hostEvent, CancellationToken cancellationToken)
    {
        if (!_hostByInstance.TryGetValue(instanceId, out var hostId))
        {
            return EventAck.NotYet; // a restarted daemon that has not listed its hosts yet
        }

        for (int attempt = 0; attempt < 12; attempt++)
        {
            var host = await _store.GetAsync(hostId, cancellationToken).ConfigureAwait(false);
            if (host is null || !string.Equals(host.InstanceId, instanceId, StringComparison.Ordinal))
            {
                return EventAck.Rejected;
            }

            if (hostEvent.Phase == HostPhases.FirstBootStarted)
            {
                return host.State == HostState.Failed ? EventAck.Rejected : EventAck.Accepted;
            }

            TransitionOutcome outcome;
            if (hostEvent.Phase == HostPhases.Failed)
            {
                if (host.State == HostState.Failed)
                {
                    return EventAck.Accepted;
                }

                outcome = await _store.TransitionAsync(new HostTransition(hostId, host.Version, $"{hostId}/failed", r => r with
                {
                    State = HostState.Failed,
                    FailedPhase = hostEvent.FailedPhase ?? "agent",
                    Reason = hostEvent.Detail ?? "reported by the agent",
                }), cancellationToken).ConfigureAwait(false);
            }
            else if (HostStateMachine.ForPhase(hostEvent.Phase) is var (from, to))
            {
                if (host.State == HostState.Failed)
                {
                    return EventAck.Rejected;
                }

                if (host.State >= to)
                {
                    return EventAck.Accepted; // a replay of a phase already recorded
                }

                if (host.State < HostState.FirstBooting)
                {
                    return EventAck.NotYet; // the daemon has not finished its own step (start) for this host yet
                }

                // A later phase proves the earlier ones happened even if their reports were lost: step through them,
                // each with its own key, so the record passes every state exactly once.
                var next = host.State == from ? to : host.State + 1;
                string phase = host.State == from ? hostEvent.Phase : PhaseInto(next);
                outcome = await _store.TransitionAsync(new HostTransition(hostId, host.Version, $"{hostId}/{phase}",
                    r => r with { State = next, Attempts = 0, Reason = null }), cancellationToken).ConfigureAwait(false);
                if (outcome.Succeeded && next != to)
                {
                    continue;
                }
            }
            else
            {
                return EventAck.Rejected;
            }

            if (outcome.Succeeded)
            {
                _wake.Release();
                return EventAck.Accepted;
            }

            if (outcome.Status != TransitionStatus.Conflict)
            {
                return EventAck.Rejected;
            }
        }

        return EventAck.NotYet;
    }

    private static string PhaseInto(HostState state) => state switch
    {
        HostState.ConfigFetched => HostPhases.ConfigFetched,
        HostState.ConfigInstalled => HostPhases.ConfigInstalled,
        HostState.SecondBooting => HostPhases.SecondBootStarted,
        _ => HostPhases.Provisioned,
    };
}
