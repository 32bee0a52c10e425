using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR St.</summary>
internal unsafe struct StoreSimdWord : IMemoryTransfer
{
    public static bool IsSimd => true;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, (uint)v.V[2 * d->Rd]);
}
