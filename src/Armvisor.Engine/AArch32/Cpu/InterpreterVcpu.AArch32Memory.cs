using Armvisor.Arm64;
using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// Stage 1 of the AArch32 EL1&amp;0 regime: the long-descriptor walk with TTBCR.EAE = 1
/// (<see cref="WalkStage1LongDescriptor"/>), else the short-descriptor walk (<see cref="ShortDescriptorWalker"/>), the
/// permission check for PL1/PL0, and the aborts with short-descriptor fault status. The soft TLB caches the result as
/// for AArch64; DACR, TTBR, TTBCR, SCTLR and CONTEXTIDR writes flush it.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    private ShortDescriptorWalker? _shortWalker;

    /// <summary>The registers the walk reads, from the one register file (G8.2 mappings).</summary>
    private ShortDescriptorRegisters ShortDescriptorView
    {
        get
        {
            SystemRegisterFile r = Registers;
            return new ShortDescriptorRegisters((uint)r.Sctlr, (uint)r.Tcr, (uint)r.Ttbr0, (uint)r.Ttbr1, r.Dacr,
                (uint)r.Mair, (uint)(r.Mair >> 32));
        }
    }

    private bool WalkStage1AArch32(ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d, out Stage1Result result)
    {
        if (LongDescriptorFormat && ((uint)Registers.Sctlr & 1) != 0)
        {
            // TTBCR.EAE = 1: the long-descriptor walk, also under a DACR shadow (no domains in that format, G5.4).
            return WalkStage1LongDescriptor(va, kind, regime, d, out result);
        }

        if (_shortShadow is { } shadow)
        {
            return WalkShadowAArch32(shadow, va, kind, regime, d, out result);
        }

        result = default;
        ShortDescriptorRegisters regs = ShortDescriptorView;

        _shortWalker ??= new ShortDescriptorWalker(new PartitionPageTableReader(_partition));
        ShortDescriptorResult walk = _shortWalker.Walk((uint)va, regs);
        uint domainStatus(uint fs) => ShortDescriptorFaultStatus.WithDomain(fs, walk.Domain);
        switch (walk.Fault)
        {
            case ShortDescriptorFault.Stage2OnWalk:
                RaiseStage2Abort(va, walk.WalkAddress, kind, d, FaultStatusCode.TranslationLevel1, stage1Walk: true);
                return false;
            case ShortDescriptorFault.Translation:
                RaiseShortDescriptorAbort(va, kind, d, domainStatus(walk.Level == 1
                    ? ShortDescriptorFaultStatus.TranslationSection : ShortDescriptorFaultStatus.TranslationPage));
                return false;
            case ShortDescriptorFault.AccessFlag:
                RaiseShortDescriptorAbort(va, kind, d, domainStatus(walk.Level == 1
                    ? ShortDescriptorFaultStatus.AccessFlagSection : ShortDescriptorFaultStatus.AccessFlagPage));
                return false;
            case ShortDescriptorFault.Domain:
                RaiseShortDescriptorAbort(va, kind, d, domainStatus(walk.Level == 1
                    ? ShortDescriptorFaultStatus.DomainSection : ShortDescriptorFaultStatus.DomainPage));
                return false;
        }

        (bool readable, bool writable, bool executable) =
            ShortDescriptorPermissions.Evaluate(walk, regs.AccessFlagEnabled, regime == TlbRegime.El0);
        bool permitted = kind switch
        {
            AccessKind.Read => readable,
            AccessKind.Write => writable,
            _ => executable,
        };
        if (!permitted)
        {
            RaiseShortDescriptorAbort(va, kind, d, domainStatus(walk.Level == 1
                ? ShortDescriptorFaultStatus.PermissionSection : ShortDescriptorFaultStatus.PermissionPage));
            return false;
        }

        // The entry serves data too: with stage 1 off data is Strongly-ordered (G5.2.1), whatever filled it.
        bool device = walk.Device;
        ulong physical = (walk.OutputAddress & ~InterpreterConstants.PageOffsetMask) | (va & InterpreterConstants.PageOffsetMask);
        result = new Stage1Result(physical, readable, writable, executable, device);
        return true;
    }

    /// <summary>Raises a stage-1 abort whose AArch32 fault status is <paramref name="status"/> (FS with domain).</summary>
    private void RaiseShortDescriptorAbort(ulong va, AccessKind kind, DecodedInstruction* d, uint status)
    {
        _a32PendingFaultStatus = (int)status;
        RaiseStage1Abort(va, kind, d, FaultStatusCode.TranslationLevel1);
    }

    /// <summary>
    /// ATS1CPR/W, ATS1CUR/W: the stage-1 walk for PL1 or PL0, read or write; PAR (short-descriptor format, G8.2.117)
    /// gets PA[31:12] or F = 1 with FS[4:0] in bits [5:1]. A stage-2 fault on the walk exits to EL2.
    /// </summary>
    internal bool AddressTranslateAArch32(DecodedInstruction* d, SystemOperation operation, uint va)
    {
        if (LongDescriptorFormat)
        {
            // With EAE = 1 PAR takes the long-descriptor format, even with stage 1 off (G8.2.113).
            return AddressTranslateLongDescriptor(d, operation, va);
        }

        ShortDescriptorRegisters regs = ShortDescriptorView;
        _shortWalker ??= new ShortDescriptorWalker(new PartitionPageTableReader(_partition));
        ShortDescriptorResult walk = _shortWalker.Walk(va, regs);
        if (walk.Fault == ShortDescriptorFault.Stage2OnWalk)
        {
            RaiseStage2Abort(va, walk.WalkAddress, AccessKind.Read, d, FaultStatusCode.TranslationLevel1, stage1Walk: true);
            return false;
        }

        bool write = operation is SystemOperation.AddressTranslateS1E1W or SystemOperation.AddressTranslateS1E0W;
        bool user = operation is SystemOperation.AddressTranslateS1E0R or SystemOperation.AddressTranslateS1E0W;
        uint status = walk.Fault switch
        {
            ShortDescriptorFault.Translation => walk.Level == 1 ? ShortDescriptorFaultStatus.TranslationSection : ShortDescriptorFaultStatus.TranslationPage,
            ShortDescriptorFault.AccessFlag => walk.Level == 1 ? ShortDescriptorFaultStatus.AccessFlagSection : ShortDescriptorFaultStatus.AccessFlagPage,
            ShortDescriptorFault.Domain => walk.Level == 1 ? ShortDescriptorFaultStatus.DomainSection : ShortDescriptorFaultStatus.DomainPage,
            _ => 0,
        };
        if (status == 0)
        {
            (bool readable, bool writable, _) = ShortDescriptorPermissions.Evaluate(walk, regs.AccessFlagEnabled, user);
            if (!(write ? writable : readable))
            {
                status = walk.Level == 1 ? ShortDescriptorFaultStatus.PermissionSection : ShortDescriptorFaultStatus.PermissionPage;
            }
        }

        Registers.ParEl1 = status != 0 ? 1u | (status << 1) : (uint)walk.OutputAddress & 0xFFFF_F000u;
        return true;
    }
}
