namespace Armvisor.Bench.Harness;

/// <summary>A guest image file that cannot be loaded (host-side input error).</summary>
public sealed class GuestImageException : Exception
{
    public GuestImageException(string message) : base(message) { }

    public GuestImageException(string message, Exception innerException) : base(message, innerException) { }

    public GuestImageException() { }
}
