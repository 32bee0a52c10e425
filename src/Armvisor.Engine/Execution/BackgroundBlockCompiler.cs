using System.Collections.Concurrent;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>
/// Compiles hot blocks off the vCPU threads, as tiered JITs do: a vCPU that finds a block hot queues it and keeps
/// interpreting it; one host thread builds the <see cref="BlockCompiler"/> method, has RyuJIT compile it (by calling
/// it once with a null vCPU, which returns at once) and publishes it in <see cref="Block.Compiled"/>, which the run
/// loop picks up at the block's next execution. RyuJIT takes a few hundred microseconds per block; done on the vCPU
/// thread that was half of a Linux boot (BENCHMARKS.md §2). The compiled method has the interpreter's semantics
/// exactly, so its arrival changes nothing but speed.
/// </summary>
internal static class BackgroundBlockCompiler
{
    /// <summary>Blocks waiting beyond this are not queued (they are asked for again after more executions).</summary>
    private const int MaxQueued = 4096;

    private static readonly ConcurrentQueue<Request> Queue = new();
    private static readonly SemaphoreSlim Pending = new(0);
    private static readonly Lazy<Thread> Worker = new(StartWorker, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Queues <paramref name="block"/> for compilation; false when the queue is full.</summary>
    public static bool TryEnqueue(Block block, bool selfLoops)
    {
        _ = Worker.Value;
        if (Queue.Count >= MaxQueued)
        {
            return false;
        }

        Queue.Enqueue(new Request(block, selfLoops));
        Pending.Release();
        return true;
    }

    private static Thread StartWorker()
    {
        var thread = new Thread(Work) { IsBackground = true, Name = "armvisor block compiler" };
        thread.Start();
        return thread;
    }

    private static void Work()
    {
        while (true)
        {
            Pending.Wait();
            if (Queue.TryDequeue(out Request request) && request.Block.IsCurrent)
            {
                Action<InterpreterVcpu, Block> compiled = BlockCompiler.Compile(request.Block, request.SelfLoops);
                compiled(null!, request.Block);
                Volatile.Write(ref request.Block.Compiled, compiled);
            }
        }
    }

    private readonly record struct Request(Block Block, bool SelfLoops);
}
