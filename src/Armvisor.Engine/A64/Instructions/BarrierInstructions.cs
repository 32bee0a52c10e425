using Armvisor.Engine.Execution;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>Barriers and CLREX (DDI0487 C6.2: DMB, DSB, ISB, CLREX). DMB/DSB are full host fences; ISB ends the block.</summary>
internal static unsafe class BarrierInstructions
{
    public static bool Clrex(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.ClearExclusiveMonitor();
        return true;
    }

    /// <summary>DMB: a full fence orders every host access of this vCPU.</summary>
    public static bool MemoryBarrier(InterpreterVcpu v, DecodedInstruction* d)
    {
        Interlocked.MemoryBarrier();
        return true;
    }

    /// <summary>
    /// DSB (including SSBB/PSSBB): a full fence, and the completion point of this PE's earlier TLB maintenance — a TLBI
    /// ...IS is complete on every PE of the shareability domain when a later DSB of the issuing PE completes
    /// (DDI0487 D8.13.8 "Completion of TLB maintenance instructions"), so the DSB waits until the other vCPUs applied it.
    /// </summary>
    public static bool DataSynchronizationBarrier(InterpreterVcpu v, DecodedInstruction* d)
    {
        Interlocked.MemoryBarrier();
        v.CompleteBroadcastTlbMaintenance();
        return true;
    }

    /// <summary>ISB: a context synchronisation event; the next instruction is fetched anew (a new block).</summary>
    public static bool Isb(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.State.Pc = d->Pc + 4;
        return false;
    }
}
