using Armvisor.Core.Semihosting;

namespace Armvisor.Vmm;

/// <summary>The semihosting console on the process's stdout and stdin (where QEMU's goes without a chardev).</summary>
internal sealed class StandardSemihostingConsole : ISemihostingConsole
{
    private readonly Stream _output = Console.OpenStandardOutput();
    private readonly Stream _input = Console.OpenStandardInput();

    public void Write(ReadOnlySpan<byte> data)
    {
        _output.Write(data);
        _output.Flush();
    }

    public int Read(Span<byte> buffer) => _input.Read(buffer);
}
