using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR Ht.</summary>
internal unsafe struct StoreSimdHalfword : IMemoryTransfer
{
    public static bool IsSimd => true;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, (ushort)v.V[2 * d->Rd]);
}
