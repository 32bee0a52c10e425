using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>LDR Wt.</summary>
internal unsafe struct LoadWord : IMemoryTransfer
{
    public static bool IsSimd => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out uint value))
        {
            return false;
        }

        v.WriteX(d->Rd, value);
        return true;
    }
}
