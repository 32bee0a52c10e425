namespace Armvisor.Firmware.DeviceTree;

/// <summary>An open node of an <see cref="FdtWriter"/>; disposing it writes END_NODE, so nesting follows C# scopes.</summary>
public readonly struct FdtNodeScope : IDisposable
{
    private readonly FdtWriter _writer;
    private readonly int _depth;

    internal FdtNodeScope(FdtWriter writer, int depth)
    {
        _writer = writer;
        _depth = depth;
    }

    public void Dispose() => _writer?.EndNode(_depth);
}
