using Armvisor.Arm64;
using Armvisor.Engine;

namespace Armvisor.Core;

/// <summary>
/// What the hypervisor core needs from the virtual interrupt controller: the GIC CPU interface System registers
/// (trapped to EL2 as EC 0x18, IHI0069 §12.1), the timer PPIs, and a per-vCPU "IRQ pending" output that the core
/// forwards to the engine's IRQ input.
/// </summary>
public interface IInterruptControllerAccess
{
    /// <summary>Emulates an ICC_* access by vCPU <paramref name="vcpuIndex"/>; false if the encoding is not a GIC register.</summary>
    bool TryAccessSystemRegister(int vcpuIndex, SystemRegisterEncoding register, bool isRead, ref ulong value);

    /// <summary>Drives the PPI of a vCPU's generic timer (virt board: 27 virtual, 30 physical).</summary>
    void SetTimerLevel(int vcpuIndex, GenericTimerKind timer, bool level);

    /// <summary>Drives the PMU overflow PPI of a vCPU (PMUIRQ; virt board: PPI 7, INTID 23, as Arm BSA recommends).</summary>
    void SetPerformanceMonitorsLevel(int vcpuIndex, bool level)
    {
    }

    /// <summary>Registers the callback the controller calls (from any thread) when a vCPU's IRQ output changes.</summary>
    void ConnectIrqOutput(int vcpuIndex, Action<bool> setLevel);

    /// <summary>Pends the interrupt the VM designates as its pseudo-NMI on vCPU <paramref name="vcpuIndex"/> (issue 6); false if none is designated.</summary>
    bool RaisePseudoNmi(int vcpuIndex);

    /// <summary>Registers the callback for a vCPU's FIQ output (Group 0 with DS=1).</summary>
    void ConnectFiqOutput(int vcpuIndex, Action<bool> setLevel);
}
