namespace Armvisor.Memory;

/// <summary>A host-side access to guest memory outside any RAM region: a host or configuration error, never a guest one.</summary>
public sealed class GuestMemoryException : Exception
{
    public GuestMemoryException(string message) : base(message) { }

    public GuestMemoryException(string message, Exception innerException) : base(message, innerException) { }

    public GuestMemoryException() { }
}
