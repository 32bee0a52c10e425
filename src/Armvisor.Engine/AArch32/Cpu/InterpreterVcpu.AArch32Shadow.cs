using Armvisor.Engine.AArch32.Memory;
using Armvisor.Engine.AArch32.Semantics;
using Armvisor.Engine.Execution;
using Armvisor.Engine.Tlb;

namespace Armvisor.Engine.Interpreter;

/// <summary>
/// The engine hooks the DACR virtualization (issue 16, src/Armvisor.Core/ShadowPaging) needs, and nothing more: with an
/// <see cref="IShortDescriptorShadow"/> attached, AArch32 stage 1 walks the hypervisor's shadow tables with its
/// processor DACR and PL0 permissions, and a fault of that walk goes to the hypervisor (retry, reflect, permit once);
/// the hypervisor invalidates the soft TLB when it changes a shadow, and completes the CP15 writes it trapped.
/// </summary>
public sealed unsafe partial class InterpreterVcpu
{
    /// <summary>Retries a shadow fault may ask for before the access is given up as an external abort (no hang).</summary>
    private const int MaxShadowRetries = 8;

    private IShortDescriptorShadow? _shortShadow;

    /// <summary>The TLB entry a <see cref="ShadowFaultAction.PermitOnce"/> filled: invalid again after the instruction.</summary>
    private TlbEntry* _transientEntry;

    /// <summary>Walks <paramref name="shadow"/>'s tables from now on (null: the guest's own tables again); flushes the soft TLB.</summary>
    public void AttachShortDescriptorShadow(IShortDescriptorShadow? shadow)
    {
        _shortShadow = shadow;
        FlushTlbLocal();
    }

    /// <summary>Stage 1 walks a hypervisor shadow (<see cref="AttachShortDescriptorShadow"/>), not the guest's tables.</summary>
    internal bool HasShortDescriptorShadow => _shortShadow is not null;

    /// <summary>Forgets every cached stage-1 translation of this vCPU (the hypervisor changed a shadow table).</summary>
    public void InvalidateTranslations() => FlushTlbLocal();

    /// <summary>Forgets the cached translations of the pages in [<paramref name="virtualAddress"/>, +<paramref name="length"/>).</summary>
    public void InvalidateTranslations(ulong virtualAddress, ulong length)
    {
        if (!State.AArch32 || length >= (ulong)SoftTlb.Entries << InterpreterConstants.PageShift)
        {
            FlushTlbLocal();
            return;
        }

        // A32 code runs from the decode cache, not from blocks: the jump cache holds no AArch32 translation, only the soft TLB does.
        for (ulong offset = 0; offset < length; offset += InterpreterConstants.PageSize)
        {
            Tlb.FlushPage(virtualAddress + offset);
        }
    }

    /// <summary>Completes a trapped MCR (EC 0x03 ISS) with <paramref name="value"/>: the register write or TLB maintenance.</summary>
    public bool CompleteTrappedCoprocessorWrite(uint iss, uint value) => A32Coprocessor.CompleteTrappedWrite(this, iss, value);

    /// <summary>Ends a <see cref="ShadowFaultAction.PermitOnce"/> access: its TLB entry must not serve the next one.</summary>
    private void DropTransientTranslation()
    {
        _transientEntry->ReadTag = TlbEntry.Invalid;
        _transientEntry->WriteTag = TlbEntry.Invalid;
        _transientEntry->ExecTag = TlbEntry.Invalid;
        _transientEntry = null;
        _shortShadow?.OnPermittedAccessCompleted();
    }

    private bool WalkShadowAArch32(IShortDescriptorShadow shadow, ulong va, AccessKind kind, TlbRegime regime, DecodedInstruction* d,
        out Stage1Result result)
    {
        result = default;
        bool guestUnprivileged = regime == TlbRegime.El0;
        ShortDescriptorRegisters guest = ShortDescriptorView;
        _shortWalker ??= new ShortDescriptorWalker(new PartitionPageTableReader(_partition));
        ShadowAccess access = kind switch
        {
            AccessKind.Read => ShadowAccess.Read,
            AccessKind.Write => ShadowAccess.Write,
            _ => ShadowAccess.Execute,
        };
        for (int attempt = 0; attempt < MaxShadowRetries; attempt++)
        {
            // The shadow: MMU on, TTBCR.N = 0 (one table for all 4 GB), the full AP[2:0] model (AFE = 0, G5.7.x), the
            // guest's TEX remap and PRRR/NMRR for the memory types its descriptors (copied) select.
            var regs = new ShortDescriptorRegisters(1u | (guest.Sctlr & (1u << 28)), 0, shadow.ShadowTableBase(guestUnprivileged), 0,
                shadow.ProcessorDacr, guest.Prrr, guest.Nmrr);
            ShortDescriptorResult walk = _shortWalker.Walk((uint)va, regs);
            uint status;
            if (!walk.IsFault)
            {
                // Deprivileged: every guest mode is checked with the PL0 column of the shadow's APs.
                (bool readable, bool writable, bool executable) = ShortDescriptorPermissions.Evaluate(walk, false, unprivileged: true);
                bool permitted = kind switch
                {
                    AccessKind.Read => readable,
                    AccessKind.Write => writable,
                    _ => executable,
                };
                if (permitted)
                {
                    ulong physical = (walk.OutputAddress & ~InterpreterConstants.PageOffsetMask) | (va & InterpreterConstants.PageOffsetMask);
                    result = new Stage1Result(physical, readable, writable, executable, walk.Device);
                    return true;
                }

                status = walk.Level == 1 ? ShortDescriptorFaultStatus.PermissionSection : ShortDescriptorFaultStatus.PermissionPage;
            }
            else
            {
                status = walk.Fault switch
                {
                    ShortDescriptorFault.Domain => walk.Level == 1 ? ShortDescriptorFaultStatus.DomainSection : ShortDescriptorFaultStatus.DomainPage,
                    ShortDescriptorFault.Translation => walk.Level == 1 ? ShortDescriptorFaultStatus.TranslationSection : ShortDescriptorFaultStatus.TranslationPage,
                    ShortDescriptorFault.AccessFlag => walk.Level == 1 ? ShortDescriptorFaultStatus.AccessFlagSection : ShortDescriptorFaultStatus.AccessFlagPage,
                    _ => walk.Level == 1 ? ShortDescriptorFaultStatus.ExternalAbortOnWalkFirstLevel : ShortDescriptorFaultStatus.ExternalAbortOnWalkSecondLevel,
                };
            }

            ShadowFaultResolution resolution = shadow.OnShadowFault(
                new ShadowFault((uint)va, access, guestUnprivileged, ShortDescriptorFaultStatus.WithDomain(status, walk.Domain)));
            switch (resolution.Action)
            {
                case ShadowFaultAction.Retry:
                    continue;
                case ShadowFaultAction.PermitOnce:
                    ulong target = (resolution.PhysicalAddress & ~InterpreterConstants.PageOffsetMask) | (va & InterpreterConstants.PageOffsetMask);
                    result = new Stage1Result(target, kind == AccessKind.Read, kind == AccessKind.Write, kind == AccessKind.Execute,
                        resolution.Device, Transient: true);
                    return true;
                default:
                    RaiseShortDescriptorAbort(va, kind, d, resolution.FaultStatus);
                    return false;
            }
        }

        // A hypervisor that keeps asking for retries: a synchronous external abort for the guest rather than a hang.
        RaiseShortDescriptorAbort(va, kind, d, ShortDescriptorFaultStatus.SyncExternalAbort);
        return false;
    }
}
