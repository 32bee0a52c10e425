using Armvisor.Engine.Interpreter.Execution;

namespace Armvisor.Engine.Interpreter.Instructions;

/// <summary>LDRSH: sign-extends to Xt, or to Wt when Flags has Signed32.</summary>
internal unsafe struct LoadSignedHalfword : IMemoryTransfer
{
    public static bool IsSimd => false;

    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out short value))
        {
            return false;
        }

        v.WriteX(d->Rd, (d->Flags & InstructionFlags.Signed32) != 0 ? (uint)(int)value : (ulong)(long)value);
        return true;
    }
}
