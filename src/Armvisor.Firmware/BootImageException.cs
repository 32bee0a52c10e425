namespace Armvisor.Firmware;

/// <summary>A kernel, initrd, DTB, ELF or raw image that cannot be loaded; <see cref="Error"/> says why.</summary>
public sealed class BootImageException : FirmwareException
{
    public BootImageException(BootImageError error, string message) : base(message) => Error = error;

    public BootImageException(BootImageError error, string message, Exception innerException)
        : base(message, innerException) => Error = error;

    /// <summary>The class of failure.</summary>
    public BootImageError Error { get; }
}
