namespace Armvisor.Firmware;

/// <summary>An ACPI table given to the MP start-up module (or built from a description) is malformed or unusable.</summary>
public sealed class AcpiTableException : FirmwareException
{
    public AcpiTableException(string message) : base(message) { }

    public AcpiTableException(string message, Exception innerException) : base(message, innerException) { }
}
