namespace Armvisor.Bench;

/// <summary>Engine benchmark runner (filled in by the benchmark work).</summary>
internal static class Program
{
    private static int Main() => 0;
}
