namespace Armvisor.Fleet.Metadata;

/// <summary>Receives phase reports the metadata service has authenticated (the instance id is the caller's own).</summary>
public interface IHostEventSink
{
    Task<EventAck> OnEventAsync(string instanceId, HostEvent hostEvent, CancellationToken cancellationToken);
}
