using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>LDR Ht: the rest of Vt is zeroed.</summary>
internal unsafe struct LoadSimdHalfword : IMemoryTransfer
{
    public static bool IsSimd => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d)
    {
        if (!v.TryRead(address, d, out ushort value))
        {
            return false;
        }

        v.V[2 * d->Rd] = value;
        v.V[(2 * d->Rd) + 1] = 0;
        return true;
    }
}
