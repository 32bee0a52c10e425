namespace Armvisor.Vmm;

/// <summary>A configuration or host input the machine cannot be built from; its message is one line for the user.</summary>
public sealed class MachineConfigurationException : Exception
{
    public MachineConfigurationException(string message) : base(message) { }

    public MachineConfigurationException(string message, Exception innerException) : base(message, innerException) { }

    public MachineConfigurationException() { }
}
