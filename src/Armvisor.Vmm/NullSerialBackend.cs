using Armvisor.Devices.Serial;

namespace Armvisor.Vmm;

/// <summary><c>--serial none</c>: output discarded, no input.</summary>
internal sealed class NullSerialBackend : ISerialBackend
{
    public void Write(byte value)
    {
    }

    public void Start(Action<byte> receive)
    {
    }

    public void Dispose()
    {
    }
}
