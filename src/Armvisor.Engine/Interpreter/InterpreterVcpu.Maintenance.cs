using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>Cache and TLB maintenance instructions' effects on the vCPU's caches: decoded blocks, TLB, PAR_EL1.</summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>TLBI: local, and for the *IS forms every other vCPU of the partition too.</summary>
    internal void InvalidateTlb(ulong virtualAddress, bool all, bool broadcast)
    {
        if (all)
        {
            FlushTlbLocal();
        }
        else
        {
            FlushTlbPageLocal(virtualAddress);
        }

        if (broadcast)
        {
            _partition.BroadcastTlbInvalidation(this, virtualAddress, all);
        }
    }

    /// <summary>IC IALLU(IS): every decoded block is dropped (here, and on the other vCPUs for IS).</summary>
    internal void InvalidateAllBlocks(bool broadcast)
    {
        _blocks.Clear();
        ClearJumpCache();
        if (broadcast)
        {
            foreach (InterpreterVcpu vcpu in _partition.Vcpus)
            {
                if (vcpu != this)
                {
                    vcpu.RequestTlbInvalidation(0, all: true);
                }
            }
        }
    }

    /// <summary>IC IVAU: the blocks decoded from the physical page of <paramref name="physical"/> become stale, on every vCPU.</summary>
    internal void InvalidateBlocksAt(ulong physical)
    {
        RamMapping? mapping = _partition.FindMapping(physical);
        if (mapping != null)
        {
            Interlocked.Increment(ref mapping.CodeVersion[mapping.PageIndex(physical)]);
        }
    }
}
