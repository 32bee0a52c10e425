namespace Armvisor.Bench.Benchmark;

public sealed class BenchmarkReport
{
    public bool Consistent { get; set; }

    public string Format() => "";
}
