using Armvisor.Fleet.Metadata;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>An event sink that accepts every report and keeps it.</summary>
public sealed class RecordingSink : IHostEventSink
{
    private readonly List<(string Instance, HostEvent Event)> _events = [];

    public IReadOnlyList<(string Instance, HostEvent Event)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task<EventAck> OnEventAsync(string instanceId, HostEvent hostEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add((instanceId, hostEvent));
        }

        return Task.FromResult(EventAck.Accepted);
    }
}
