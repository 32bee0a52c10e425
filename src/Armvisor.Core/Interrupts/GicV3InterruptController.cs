using Armvisor.Arm64;
using Armvisor.Devices.Gic;
using Armvisor.Engine;
using Microsoft.Extensions.Logging;

namespace Armvisor.Core.Interrupts;

/// <summary>
/// The hypervisor core's view of the VM's GICv3 (IHI0069): the CPU interface System registers that trap to EL2
/// (EC 0x18), the timer PPIs, the per-vCPU IRQ/FIQ outputs, and the pseudo-NMI the VM designates.
/// </summary>
public sealed class GicV3InterruptController : IInterruptControllerAccess
{
    private readonly ForwardingInterruptLine[] _irq;
    private readonly ForwardingInterruptLine[] _fiq;
    /// <summary>INTID of the PMU overflow interrupt (PPI 7 = INTID 23, Arm BSA; QEMU virt's VIRTUAL_PMU_IRQ).</summary>
    public const int PerformanceMonitorsPpi = 23;

    private readonly int _virtualTimerPpi;
    private readonly int _physicalTimerPpi;

    /// <param name="mpidrs">MPIDR_EL1 of each vCPU, in vCPU order.</param>
    /// <param name="spiCount">SPIs the distributor implements.</param>
    /// <param name="virtualTimerPpi">INTID of the EL1 virtual timer (27 on virt).</param>
    /// <param name="physicalTimerPpi">INTID of the EL1 physical timer (30 on virt).</param>
    public GicV3InterruptController(IReadOnlyList<ulong> mpidrs, int spiCount, int virtualTimerPpi, int physicalTimerPpi, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(mpidrs);
        _irq = new ForwardingInterruptLine[mpidrs.Count];
        _fiq = new ForwardingInterruptLine[mpidrs.Count];
        var connections = new GicV3CpuConnection[mpidrs.Count];
        for (int i = 0; i < mpidrs.Count; i++)
        {
            _irq[i] = new ForwardingInterruptLine();
            _fiq[i] = new ForwardingInterruptLine();
            connections[i] = new GicV3CpuConnection(mpidrs[i], _irq[i], _fiq[i]);
        }

        Gic = new GicV3(spiCount, connections, logger);
        _virtualTimerPpi = virtualTimerPpi;
        _physicalTimerPpi = physicalTimerPpi;
    }

    /// <summary>The GIC itself, whose distributor and redistributors the VMM maps on the MMIO bus.</summary>
    public GicV3 Gic { get; }

    /// <summary>The INTID the hypervisor raises as the VM's pseudo-NMI (issue 6), or null when none is designated.</summary>
    public int? PseudoNmiIntid { get; set; }

    public bool TryAccessSystemRegister(int vcpuIndex, SystemRegisterEncoding register, bool isRead, ref ulong value)
    {
        GicV3CpuInterface cpu = Gic.CpuInterfaces[vcpuIndex];
        if (isRead)
        {
            return cpu.TryReadSystemRegister(register, out value);
        }

        return cpu.TryWriteSystemRegister(register, value);
    }

    public void SetTimerLevel(int vcpuIndex, GenericTimerKind timer, bool level) =>
        Gic.SetPpiLevel(vcpuIndex, timer == GenericTimerKind.Virtual ? _virtualTimerPpi : _physicalTimerPpi, level);

    public void SetPerformanceMonitorsLevel(int vcpuIndex, bool level) =>
        Gic.SetPpiLevel(vcpuIndex, PerformanceMonitorsPpi, level);

    public void ConnectIrqOutput(int vcpuIndex, Action<bool> setLevel) => _irq[vcpuIndex].Attach(setLevel);

    public void ConnectFiqOutput(int vcpuIndex, Action<bool> setLevel) => _fiq[vcpuIndex].Attach(setLevel);

    public bool RaisePseudoNmi(int vcpuIndex)
    {
        if (PseudoNmiIntid is not { } intid)
        {
            return false;
        }

        // As a write of its ISPENDR bit (IHI0069 §12.9.32): pending until acknowledged, whatever the line's trigger mode.
        Gic.SetPending(intid, vcpuIndex);
        return true;
    }
}
