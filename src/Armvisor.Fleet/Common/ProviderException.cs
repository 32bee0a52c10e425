namespace Armvisor.Fleet.Common;

/// <summary>A cloud provider call failed (allocation, start, describe). The daemon retries these with backoff.</summary>
public sealed class ProviderException : FleetException
{
    public ProviderException() { }

    public ProviderException(string message) : base(message) { }

    public ProviderException(string message, Exception inner) : base(message, inner) { }
}
