namespace Armvisor.Fleet.State;

/// <summary>The per-host provisioning states (issue 8; provisioning.md §7.2).</summary>
public enum HostState
{
    Registered,
    ConfigStored,
    FirstBooting,
    ConfigFetched,
    ConfigInstalled,
    SecondBooting,
    Provisioned,
    Failed,
}
