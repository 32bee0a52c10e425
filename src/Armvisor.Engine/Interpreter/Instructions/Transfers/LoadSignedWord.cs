using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDRSW: sign-extends a word to Xt.</summary>
internal unsafe struct LoadSignedWord : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out int value))
        {
            return false;
        }

        v.WriteX(d->Rd, (ulong)(long)value);
        return true;
    }
}
