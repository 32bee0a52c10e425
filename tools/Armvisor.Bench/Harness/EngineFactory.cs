using Armvisor.Engine;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Bench.Harness;

/// <summary>The production engine for harness runs: the threaded interpreter.</summary>
public static class EngineFactory
{
    public static IEnginePartition Create(PartitionOptions options) => new InterpreterPartition(options);
}
