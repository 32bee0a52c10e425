using Armvisor.Engine;

namespace Armvisor.Bench.Harness;

/// <summary>The production engine for harness runs.</summary>
public static class EngineFactory
{
    public static IEnginePartition Create(PartitionOptions options) => throw new PlatformNotSupportedException("engine not merged yet");
}
