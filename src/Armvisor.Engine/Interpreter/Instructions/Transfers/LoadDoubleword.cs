using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDR Xt.</summary>
internal unsafe struct LoadDoubleword : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out ulong value))
        {
            return false;
        }

        v.WriteX(d->Rd, value);
        return true;
    }
}
