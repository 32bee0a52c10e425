namespace Armvisor.Engine.Native;

/// <summary>
/// Entries in /tmp/perf-PID.map (the format perf(1) reads for JIT code: "START SIZE name", hex) for translated blocks,
/// when ARMVISOR_PERF_MAP=1 or the runtime's own DOTNET_PerfMapEnabled is set (both append to the same file).
/// </summary>
internal sealed class PerfMap : IDisposable
{
    private readonly StreamWriter _writer;

    private PerfMap(StreamWriter writer) => _writer = writer;

    public static bool Enabled { get; } =
        Environment.GetEnvironmentVariable("ARMVISOR_PERF_MAP") == "1"
        || Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") is "1" or "2" or "3";

    public static PerfMap? Open()
    {
        try
        {
            var stream = new FileStream($"/tmp/perf-{Environment.ProcessId}.map", FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            return new PerfMap(new StreamWriter(stream) { AutoFlush = true });
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Add(ulong start, int size, ulong guestPc, int instructions) =>
        _writer.WriteLine($"{start:x} {size:x} armvisor_native_{guestPc:x}_{instructions}");

    public void Dispose() => _writer.Dispose();
}
