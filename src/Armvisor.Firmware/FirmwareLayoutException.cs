namespace Armvisor.Firmware;

/// <summary>A machine description or reserved range that the firmware tables cannot be laid out in.</summary>
public sealed class FirmwareLayoutException : FirmwareException
{
    public FirmwareLayoutException(string message) : base(message) { }

    public FirmwareLayoutException(string message, Exception innerException) : base(message, innerException) { }
}
