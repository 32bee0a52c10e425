using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR Wt.</summary>
internal unsafe struct StoreWord : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, (uint)v.X[d->Rd]);
}
