using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>STR Qt.</summary>
internal unsafe struct StoreSimdQuadword : IMemoryTransfer
{
    public static bool IsSimd => true;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => v.TryWrite(address, d, new UInt128(v.V[(2 * d->Rd) + 1], v.V[2 * d->Rd]));
}
