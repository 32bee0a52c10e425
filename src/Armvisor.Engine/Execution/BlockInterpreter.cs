using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Execution;

/// <summary>The threaded interpreter: calls each record's handler through its function pointer, in order.</summary>
internal static unsafe class BlockInterpreter
{
    /// <summary>Default <see cref="Block.Execute"/>.</summary>
    public static void Run(InterpreterVcpu vcpu, Block block)
    {
        // SAFETY: First..First+Count are the block's pinned records.
        DecodedInstruction* first = block.First;
        DecodedInstruction* end = first + block.Count;
        for (DecodedInstruction* p = first; p < end; p++)
        {
            if (!p->Handler(vcpu, p))
            {
                vcpu.Retired += (ulong)(p - first) + 1;
                return;
            }
        }

        vcpu.State.Pc = block.EndPc;
        vcpu.Retired += (ulong)block.Count;
    }
}
