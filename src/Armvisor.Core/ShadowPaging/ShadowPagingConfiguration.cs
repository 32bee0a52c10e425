namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The DACR virtualization of a VM: the mode, the hypervisor-owned IPA range holding each vCPU's shadow tables (outside
/// guest RAM, never mapped for the guest), and the 1 MiB VA window where the hypervisor maps its own pages in every
/// shadow (domain 15, PL1 only).
/// </summary>
public sealed record ShadowPagingConfiguration(DacrVirtualizationMode Mode, ulong PoolBase, uint HypervisorWindow = ShadowPagingConfiguration.DefaultHypervisorWindow)
{
    /// <summary>Shadow-table memory per vCPU: 16 first-level tables (8 address spaces) and 1792 second-level tables.</summary>
    public const uint PoolSizePerVcpu = 2 << 20;

    /// <summary>The default hypervisor window: 0xFFB00000, between Linux's vmalloc end and its fixmap on 32-bit Arm.</summary>
    public const uint DefaultHypervisorWindow = 0xFFB0_0000;

    /// <summary>The pool of vCPU <paramref name="index"/>.</summary>
    public ulong PoolOf(int index) => PoolBase + ((ulong)(uint)index * PoolSizePerVcpu);
}
