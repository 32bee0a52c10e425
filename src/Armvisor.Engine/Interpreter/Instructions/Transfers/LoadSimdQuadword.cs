using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDR Qt.</summary>
internal unsafe struct LoadSimdQuadword : IMemoryTransfer
{
    public static bool IsSimd => true;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out UInt128 value))
        {
            return false;
        }

        v.V[2 * d->Rd] = (ulong)value;
        v.V[(2 * d->Rd) + 1] = (ulong)(value >> 64);
        return true;
    }
}
