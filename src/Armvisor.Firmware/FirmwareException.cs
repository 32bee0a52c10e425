namespace Armvisor.Firmware;

/// <summary>
/// Base of the firmware layer's exception family: bad host input (a kernel, initrd, DTB or ACPI table the user
/// supplied, or a machine description that cannot be laid out). Every message is one line, fit for a CLI error.
/// </summary>
public abstract class FirmwareException : Exception
{
    protected FirmwareException(string message) : base(message) { }

    protected FirmwareException(string message, Exception innerException) : base(message, innerException) { }
}
