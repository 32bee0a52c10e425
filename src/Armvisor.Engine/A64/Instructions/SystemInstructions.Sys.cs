using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.A64.Instructions;

// SAFETY: handlers run only from a block: d points at that block's pinned record, and v.X/v.V are the vCPU's pinned
// register files indexed by 5-bit register numbers (0..31), so every pointer access stays in bounds.
/// <summary>
/// SYS (DDI0487 C5.3 "A64 System instructions"): DC, IC, AT and TLBI. The System-register file decides the access
/// (EL0 enables of SCTLR_EL1, HCR_EL2 TSW/TPCP/TPU/TTLB/TDZ traps, UNDEFINED encodings); the interpreter performs it.
/// </summary>
internal static unsafe partial class SystemInstructions
{
    /// <summary>DCZID_EL0.BS = 4: DC ZVA zeroes 16 words.</summary>
    private const int ZvaBlockBytes = 64;

    /// <summary>SYS: the op0=1 key op0:op1:CRn:CRm:op2 in Imm.</summary>
    public static bool PrepareSys(uint raw, DecodedInstruction* d)
    {
        d->Imm = ((raw >> 5) & 0x3FFF) | (1UL << 14);
        return true;
    }

    public static bool Sys(InterpreterVcpu v, DecodedInstruction* d)
    {
        SysRegAccess access = v.Registers.CheckInstruction(v.State, (ushort)d->Imm, out SystemOperation operation);
        if (!v.ResolveAccess(d, access, TrapSyndrome(d, isRead: false)))
        {
            return false;
        }

        ulong xt = v.X[d->Rd];
        bool broadcast = v.Registers.ForceBroadcast;
        switch (operation)
        {
            case SystemOperation.DataCacheZeroByVa:
                return DataCacheZero(v, d, xt);
            case SystemOperation.DataCacheMaintenance:
                // No cache to maintain; by-VA forms (op2 = 1) are translated and may fault; set/way forms (op2 = 2) have no address.
                // DC IVAC (op1 0, CRm 6, op2 1) may generate a watchpoint (DDI0487 D2.10.5): InterpreterVcpu.Watchpoints.
                return (d->Imm & 7) == 2
                    || (v.TryTranslate(xt, AccessKind.Read, d, out _) && ((d->Imm & 0x387F) != 0x31 || v.CheckCacheMaintenanceWatchpoint(xt, d)));
            case SystemOperation.InstructionCacheInvalidateByVa:
                if (!v.TryTranslate(xt, AccessKind.Read, d, out ulong physical))
                {
                    return false;
                }

                v.InvalidateBlocksAt(physical);
                return true;
            case SystemOperation.InstructionCacheInvalidateAll:
            case SystemOperation.InstructionCacheInvalidateAllInnerShareable:
                v.InvalidateAllBlocks(broadcast || operation == SystemOperation.InstructionCacheInvalidateAllInnerShareable);
                return true;
            case SystemOperation.AddressTranslateS1E1R:
            case SystemOperation.AddressTranslateS1E1W:
            case SystemOperation.AddressTranslateS1E0R:
            case SystemOperation.AddressTranslateS1E0W:
                return v.AddressTranslate(d, operation);
            case SystemOperation.TlbInvalidateAll:
            case SystemOperation.TlbInvalidateByAsid:
                v.InvalidateTlb(0, all: true, broadcast: broadcast || IsInnerShareable(d));
                return true;
            case SystemOperation.TlbInvalidateByVa:
            case SystemOperation.TlbInvalidateByVaLastLevel:
            case SystemOperation.TlbInvalidateByVaAllAsids:
            case SystemOperation.TlbInvalidateByVaAllAsidsLastLevel:
                // Xt[43:0] = VA[55:12], sign-extended from VA[55] (DDI0487 C5.5 TLBI operand).
                v.InvalidateTlb((ulong)((long)((xt & 0xFFF_FFFF_FFFF) << 20) >> 8), all: false, broadcast: broadcast || IsInnerShareable(d));
                return true;
            default:
                return true;
        }
    }

    /// <summary>The *IS TLBI forms have CRm = 3 (Inner Shareable), the local ones CRm = 7.</summary>
    private static bool IsInnerShareable(DecodedInstruction* d) => ((d->Imm >> 3) & 0xF) == 3;

    /// <summary>SYSL: no SYSL encoding is allocated in this PE.</summary>
    public static bool Sysl(InterpreterVcpu v, DecodedInstruction* d)
    {
        v.RaiseUndefined(d);
        return false;
    }

    /// <summary>DC ZVA: zeroes the aligned 64-byte block containing Xt, through the write path (faults, code tracking).</summary>
    private static bool DataCacheZero(InterpreterVcpu v, DecodedInstruction* d, ulong xt)
    {
        ulong address = xt & ~(ulong)(ZvaBlockBytes - 1);
        for (int i = 0; i < ZvaBlockBytes / 8; i++)
        {
            if (!v.TryWrite(address + ((ulong)i * 8), d, 0UL))
            {
                return false;
            }
        }

        return true;
    }
}
