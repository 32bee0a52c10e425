using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>PRFM/PRFUM: a hint; never faults and makes no access (DDI0487 C6.2.220).</summary>
internal unsafe struct Prefetch : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => true;
}
