using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR Xt.</summary>
internal unsafe struct StoreDoubleword : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, v.X[d->Rd]);
}
