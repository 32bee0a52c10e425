using Armvisor.Memory;

namespace Armvisor.Firmware;

/// <summary>
/// A GICv3 as the tables describe it: the distributor frame and one redistributor region that holds
/// <see cref="RedistributorStride"/> bytes (RD_base + SGI_base, IHI0069 §12.10) per CPU.
/// </summary>
public sealed record GicDescription(
    GuestPhysicalAddress DistributorBase,
    ulong DistributorSize,
    GuestPhysicalAddress RedistributorBase,
    ulong RedistributorRegionSize)
{
    /// <summary>Two 64 KiB frames per redistributor in GICv3 (IHI0069 §12.10).</summary>
    public const ulong RedistributorStride = 0x2_0000;

    /// <summary>INTID of the GIC virtual maintenance interrupt (PPI 25, Arm BSA), when EL2 is exposed to the guest.</summary>
    public uint? MaintenanceIntid { get; init; }

    /// <summary>INTID of the PMU overflow interrupt (PPI 23, Arm BSA), when a PMU is exposed to the guest.</summary>
    public uint? PerformanceIntid { get; init; }
}
