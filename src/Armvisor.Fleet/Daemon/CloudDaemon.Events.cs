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

        for (int attempt = 0; attempt < 8; attempt++)
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

                if (host.State != from)
                {
                    return EventAck.NotYet; // the daemon has not finished its own step for this host yet
                }

                outcome = await _store.TransitionAsync(new HostTransition(hostId, host.Version, $"{hostId}/{hostEvent.Phase}",
                    r => r with { State = to, Attempts = 0, Reason = null }), cancellationToken).ConfigureAwait(false);
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
}
