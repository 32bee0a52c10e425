using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>LDR Qt.</summary>
internal unsafe struct LoadSimdQuadword : IMemoryTransfer
{
    public static bool IsSimd => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
