namespace Armvisor.Devices.Serial;

/// <summary>Guest output to a host file (created or truncated); no input. The file is flushed at every line end.</summary>
public sealed class FileSerialBackend : ISerialBackend
{
    private readonly FileStream _file;

    /// <exception cref="IOException">The file cannot be created (a host configuration error).</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be created (a host configuration error).</exception>
    public FileSerialBackend(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    public void Write(byte value)
    {
        _file.WriteByte(value);
        if (value == (byte)'\n')
        {
            _file.Flush();
        }
    }

    public void Start(Action<byte> receive)
    {
    }

    public void Dispose() => _file.Dispose();
}
