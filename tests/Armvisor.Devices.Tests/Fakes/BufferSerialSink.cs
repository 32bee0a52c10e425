using Armvisor.Devices.Serial;

namespace Armvisor.Devices.Tests.Fakes;

public sealed class BufferSerialSink : ISerialSink
{
    public List<byte> Bytes { get; } = [];

    public string Text => System.Text.Encoding.ASCII.GetString(Bytes.ToArray());

    public void Write(byte value) => Bytes.Add(value);
}
