using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>LDRSB: sign-extends to Xt, or to Wt when Flags has Signed32.</summary>
internal unsafe struct LoadSignedByte : IMemoryTransfer
{
    public static bool IsSimd => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
