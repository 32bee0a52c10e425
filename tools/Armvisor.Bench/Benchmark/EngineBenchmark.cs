namespace Armvisor.Bench.Benchmark;

/// <summary>Placeholder replaced below.</summary>
public sealed class EngineBenchmark(string path, int iterations)
{
    public BenchmarkReport Run(bool withQemu, TextWriter progress) => throw new NotSupportedException(path + iterations + withQemu + progress);
}
