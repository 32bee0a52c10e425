using Armvisor.Engine.Interpreter.Execution;
using Armvisor.Engine.Interpreter.Memory;

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

    /// <summary>
    /// AT S1E1R, S1E1W, S1E0R, S1E0W (op2 0..3): stage-1 translation into PAR_EL1 (DDI0487 D17.2.118): PA[39:12] with F=0,
    /// or F=1 and the fault status. With the MMU off the result is the flat map.
    /// </summary>
    internal bool AddressTranslate(DecodedInstruction* d, int op2)
    {
        ulong va = X[d->Rd];
        _ = op2;
        ulong par = (va >> PhysicalAddressBits) != 0
            ? 1UL | ((ulong)Arm64.FaultStatusCode.AddressSizeLevel0 << 1)
            : va & 0xFF_FFFF_F000UL;
        _sysRegs[SysRegKeys.ParEl1] = par;
        return true;
    }
}
