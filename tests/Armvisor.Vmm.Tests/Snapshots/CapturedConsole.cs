using System.Text;
using Armvisor.Devices.Serial;

namespace Armvisor.Vmm.Tests.Snapshots;

/// <summary>A serial back end that records the guest's console output (thread-safe) and can wait for a text.</summary>
internal sealed class CapturedConsole : ISerialBackend
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public void Write(byte value)
    {
        lock (_lock)
        {
            _text.Append((char)value);
        }
    }

    public void Start(Action<byte> receive)
    {
    }

    /// <summary>Waits until the output contains <paramref name="text"/>.</summary>
    public void WaitFor(string text, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!Text.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the guest did not print \"{text}\" within {timeout}; it printed:\n{Text}");
            }

            Thread.Sleep(5);
        }
    }

    public void Dispose()
    {
    }
}
