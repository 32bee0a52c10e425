using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.Execution;
using Armvisor.Engine.SystemLevel;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Stage 1 of the AArch32 EL1&amp;0 regime with TTBCR.EAE = 1: the long-descriptor walk
/// (<see cref="LongDescriptorWalker"/>), its permission check for PL1/PL0, the aborts with long-format DFSR/IFSR
/// (LPAE bit 9, STATUS = the level-encoded fault, DDI0487 G5.9) and ATS1C* with the 64-bit PAR (G8.2.113).
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private LongDescriptorWalker? _longWalker;

    /// <summary>The registers the long-descriptor walk reads: TTBCR is TCR_EL1[31:0], MAIR0/MAIR1 MAIR_EL1 (G8.2 mappings).</summary>
    private LongDescriptorRegisters LongDescriptorView
    {
        get
        {
            SystemRegisterFile r = Registers;
            return new LongDescriptorRegisters((uint)r.Sctlr, (uint)r.Tcr, r.Ttbr0, r.Ttbr1, r.Mair);
        }
    }

    private TranslationResult WalkLongDescriptor(uint va)
    {
        if (((uint)Registers.Sctlr & 1) == 0)
        {
            // Stage 1 off: flat, every access permitted, Strongly-ordered (Device-nGnRnE) data (G5.2.1).
            return new TranslationResult(TranslationFault.None, 1, va, 12, PagePermissions.All, true, 0, 0x00, 0b10);
        }

        _longWalker ??= new LongDescriptorWalker(new PartitionPageTableReader(_partition));
        return _longWalker.Walk(va, LongDescriptorView);
    }

    private bool WalkStage1LongDescriptor(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d, out Stage1Result result)
    {
        result = default;
        TranslationResult walk = WalkLongDescriptor((uint)va);
        if (walk.Fault == TranslationFault.Stage2OnWalk)
        {
            RaiseStage2Abort(va, walk.WalkAddress, kind, d, walk.StatusCode, stage1Walk: true);
            return false;
        }

        if (walk.IsFault)
        {
            // No pending short-descriptor status: the exception entry writes the long format (LPAE | STATUS).
            RaiseStage1Abort(va, kind, d, walk.StatusCode);
            return false;
        }

        bool unprivileged = regime == TlbRegime.El0;
        bool readable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Read, unprivileged, pan: false);
        bool writable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Write, unprivileged, pan: false);
        bool executable = TranslationWalker.Permits(walk.Permissions, MemoryAccessKind.Execute, unprivileged, pan: false);
        bool permitted = kind switch
        {
            AccessKind.Read => readable,
            AccessKind.Write => writable,
            _ => executable,
        };
        if (!permitted)
        {
            RaiseStage1Abort(va, kind, d, (walk with { Fault = TranslationFault.Permission }).StatusCode);
            return false;
        }

        ulong physical = (walk.OutputAddress & ~InterpreterConstants.PageOffsetMask) | (va & InterpreterConstants.PageOffsetMask);
        result = new Stage1Result(physical, readable, writable, executable, walk.IsDevice);
        return true;
    }

    /// <summary>
    /// ATS1CPR/W, ATS1CUR/W with TTBCR.EAE = 1: PAR in the long-descriptor format (G8.2.113: LPAE bit 11; F = 0 with
    /// PA[39:12], SH, NS and the MAIR attribute in [63:56]; or F = 1 with FST[6:1]). A stage-2 fault on the walk exits
    /// to EL2 and leaves PAR unchanged.
    /// </summary>
    private bool AddressTranslateLongDescriptor(DecodedInstruction* d, SystemOperation operation, uint va)
    {
        TranslationResult walk = WalkLongDescriptor(va);
        if (walk.Fault == TranslationFault.Stage2OnWalk)
        {
            RaiseStage2Abort(va, walk.WalkAddress, AccessKind.Read, d, walk.StatusCode, stage1Walk: true);
            return false;
        }

        bool write = operation is SystemOperation.AddressTranslateS1E1W or SystemOperation.AddressTranslateS1E0W;
        bool user = operation is SystemOperation.AddressTranslateS1E0R or SystemOperation.AddressTranslateS1E0W;
        TranslationResult checkedWalk = TranslationWalker.Check(walk, write ? MemoryAccessKind.Write : MemoryAccessKind.Read, user, pan: false);
        Registers.ParEl1 = TranslationWalker.ParValue(checkedWalk);
        return true;
    }
}
