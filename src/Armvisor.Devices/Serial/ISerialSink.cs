namespace Armvisor.Devices.Serial;

/// <summary>Where a UART's transmitted bytes go (a terminal, a file, a socket, a test buffer).</summary>
public interface ISerialSink
{
    /// <summary>Takes one transmitted byte. Called with the UART's lock held: must not block for long.</summary>
    void Write(byte value);
}
