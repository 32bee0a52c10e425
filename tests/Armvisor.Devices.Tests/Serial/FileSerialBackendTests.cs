using Armvisor.Devices.Serial;

namespace Armvisor.Devices.Tests.Serial;

public sealed class FileSerialBackendTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"armvisor-serial-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Write_CompleteLine_IsInFileBeforeDispose()
    {
        using var backend = new FileSerialBackend(_path);

        foreach (byte value in "boot ok\n"u8)
        {
            backend.Write(value);
        }

        using var reader = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal("boot ok\n", new StreamReader(reader).ReadToEnd());
    }
}
