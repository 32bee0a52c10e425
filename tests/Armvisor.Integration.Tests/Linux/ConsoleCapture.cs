using System.Text;
using Armvisor.Devices.Serial;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>The guest console of an in-process machine, kept as text (no input is ever delivered).</summary>
internal sealed class ConsoleCapture : ISerialBackend
{
    private readonly Lock _lock = new();
    private readonly MemoryStream _bytes = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length).Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }
    }

    public void Write(byte value)
    {
        lock (_lock)
        {
            _bytes.WriteByte(value);
        }
    }

    public void Start(Action<byte> receive)
    {
    }

    public void Dispose() => _bytes.Dispose();
}
