namespace Armvisor.Core.Semihosting;

/// <summary>The host side of the semihosting console (SYS_WRITEC, SYS_WRITE0, SYS_READC and the ":tt" file).</summary>
public interface ISemihostingConsole
{
    void Write(ReadOnlySpan<byte> data);

    /// <summary>Reads up to <c>buffer.Length</c> bytes; 0 at end of input.</summary>
    int Read(Span<byte> buffer);
}
