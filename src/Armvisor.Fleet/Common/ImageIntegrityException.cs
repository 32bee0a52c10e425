namespace Armvisor.Fleet.Common;

/// <summary>A master image or an instance's copy of it does not match its content hash.</summary>
public sealed class ImageIntegrityException : FleetException
{
    public ImageIntegrityException() { }

    public ImageIntegrityException(string message) : base(message) { }

    public ImageIntegrityException(string message, Exception inner) : base(message, inner) { }
}
