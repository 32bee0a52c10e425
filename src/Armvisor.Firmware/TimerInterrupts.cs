namespace Armvisor.Firmware;

/// <summary>
/// The Generic Timer PPIs as INTIDs (Arm BSA / QEMU include/hw/arm/bsa.h): secure physical 29, non-secure physical 30,
/// virtual 27, EL2 physical 26, EL2 virtual 28. The DT cell number of a PPI is INTID − 16.
/// </summary>
public sealed record TimerInterrupts(uint SecurePhysical, uint NonSecurePhysical, uint Virtual, uint HypervisorPhysical, uint HypervisorVirtual)
{
    public static TimerInterrupts Default { get; } = new(29, 30, 27, 26, 28);
}
