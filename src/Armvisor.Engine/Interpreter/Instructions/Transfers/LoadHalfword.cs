using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDRH: zero-extends a halfword into Wt.</summary>
internal unsafe struct LoadHalfword : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out ushort value))
        {
            return false;
        }

        v.WriteX(d->Rd, value);
        return true;
    }
}
