using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR Bt.</summary>
internal unsafe struct StoreSimdByte : IMemoryTransfer
{
    public static bool IsSimd => true;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, (byte)v.V[2 * d->Rd]);
}
