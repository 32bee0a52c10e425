namespace Armvisor.Fleet.Common;

/// <summary>A host-side or configuration error of the fleet service (never a guest/instance-caused condition).</summary>
public class FleetException : Exception
{
    public FleetException() { }

    public FleetException(string message) : base(message) { }

    public FleetException(string message, Exception inner) : base(message, inner) { }
}
