using System.Runtime.CompilerServices;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>PRFM/PRFUM: a hint; never faults and makes no access (DDI0487 C6.2.220).</summary>
internal unsafe struct Prefetch : IMemoryTransfer
{
    public static bool IsSimd => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Transfer(InterpreterVcpu v, ulong address, DecodedInstruction* d) => true;
}
