using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDRB: zero-extends a byte into Wt.</summary>
internal unsafe struct LoadByte : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out byte value))
        {
            return false;
        }

        v.WriteX(d->Rd, value);
        return true;
    }
}
