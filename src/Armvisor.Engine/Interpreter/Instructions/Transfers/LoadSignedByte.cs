using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDRSB: sign-extends to Xt, or to Wt when Flags has Signed32.</summary>
internal unsafe struct LoadSignedByte : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out sbyte value))
        {
            return false;
        }

        v.WriteX(d->Rd, (d->Flags & InstructionFlags.Signed32) != 0 ? (uint)(int)value : (ulong)(long)value);
        return true;
    }
}
