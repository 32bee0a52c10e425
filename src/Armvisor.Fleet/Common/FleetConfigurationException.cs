namespace Armvisor.Fleet.Common;

/// <summary>Bad operator input: options, template, key files, image paths.</summary>
public sealed class FleetConfigurationException : FleetException
{
    public FleetConfigurationException() { }

    public FleetConfigurationException(string message) : base(message) { }

    public FleetConfigurationException(string message, Exception inner) : base(message, inner) { }
}
