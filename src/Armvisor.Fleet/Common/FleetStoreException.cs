namespace Armvisor.Fleet.Common;

/// <summary>The host-state store (SQLite or etcd) failed or is unreachable.</summary>
public sealed class FleetStoreException : FleetException
{
    public FleetStoreException() { }

    public FleetStoreException(string message) : base(message) { }

    public FleetStoreException(string message, Exception inner) : base(message, inner) { }
}
