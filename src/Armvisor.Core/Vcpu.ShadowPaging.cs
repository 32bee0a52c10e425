using Armvisor.Arm64;
using Armvisor.Core.ShadowPaging;
using Armvisor.Engine;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core;

/// <summary>
/// The DACR virtualization of an AArch32 guest (patents.md §6, issue 16): the shadow pager attached to the engine, and
/// the trapped CP15 writes (HCR_EL2.TVM/TTLB, EC 0x03) it needs to see: the write is completed as the guest asked (so its
/// own reads see its values, HCR_EL2.TRVM stays clear), then the pager updates its shadows, then the MCR is skipped.
/// </summary>
public sealed partial class Vcpu
{
    private ShadowPager? _shadowPager;

    /// <summary>The shadow pager's counters, or null when the DACR virtualization is off.</summary>
    public ShadowPagingStatistics? ShadowPaging => _shadowPager?.Statistics;

    /// <summary>The hypervisor page of this vCPU's shadow pool still holds its pattern (null: no shadow paging).</summary>
    public bool? HypervisorPageIntact => _shadowPager?.HypervisorPageIntact;

    private void AttachShadowPager(IVcpuEngine engine)
    {
        if (_vm.ShadowPools.Count == 0 || _vm.Configuration.ShadowPaging is not { } shadow)
        {
            return;
        }

        if (_vm.Ram is null)
        {
            throw new InvalidOperationException("DACR virtualization needs the VM's guest RAM (Vm ram argument)");
        }

        _shadowPager = new ShadowPager(engine, _vm.ShadowPools[Index], _vm.Ram, shadow.Mode, shadow.HypervisorWindow);
        engine.AttachShortDescriptorShadow(_shadowPager);
    }

    /// <summary>
    /// A trapped MCR (EC 0x03; ISS: Opc2 [19:17], Opc1 [16:14], CRn [13:10], Rt [9:5], CRm [4:1], direction [0], DDI0487
    /// D24.2.40 "ISS encoding for an exception from an MCR or MRC access"). Reads are not trapped (TRVM is clear).
    /// </summary>
    private const uint TtbcrEae = 1u << 31;

    /// <summary>MCR p15, 0, Rt, c2, c0, 2 (TTBCR) in the ISS fields.</summary>
    private static bool IsTtbcrWrite(uint iss) =>
        ((iss >> 14) & 7) == 0 && ((iss >> 10) & 0xF) == 2 && ((iss >> 1) & 0xF) == 0 && ((iss >> 17) & 7) == 2 && (iss & 1) == 0;

    private VmExit? HandleShadowedCp15Write(EngineExit exit)
    {
        uint iss = exit.Syndrome.Iss;
        uint value = (uint)GetX((int)((iss >> 5) & 0x1F));
        uint oldDacr = (uint)_engine!.GetSystemRegister(AgentRegisters.Dacr32El2);
        if (IsTtbcrWrite(iss) && (value & TtbcrEae) != 0)
        {
            // The long-descriptor format has no domains (DDI0487 G5.4; Linux's CONFIG_ARM_LPAE has no DACR-based PAN):
            // nothing to virtualize, and the shadow only knows short descriptors. Refused, with one line, before the
            // guest's tables are in use.
            _logger.LogError("vCPU {Index}: --dacr-virtualization {Mode}: the guest selects long descriptors (TTBCR.EAE = 1, an LPAE kernel), "
                + "which have no domains; run it with --dacr-virtualization off", Index, _vm.Configuration.ShadowPaging!.Mode);
            InjectUndefined();
            return Fault(exit, "TTBCR.EAE = 1 under DACR virtualization (long descriptors have no domains)");
        }

        if ((iss & 1) != 0 || !_engine.CompleteTrappedCoprocessorWrite(iss, value))
        {
            InjectUndefined();
            return Fault(exit, "CP15 access trapped without a register the hypervisor core emulates");
        }

        _shadowPager!.OnGuestWrite((int)((iss >> 14) & 7), (int)((iss >> 10) & 0xF), (int)((iss >> 1) & 0xF), (int)((iss >> 17) & 7),
            value, oldDacr);
        AdvancePc(exit.Syndrome);
        return null;
    }
}
