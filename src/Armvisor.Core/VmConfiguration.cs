namespace Armvisor.Core;

/// <summary>How the hypervisor core runs a VM.</summary>
/// <param name="VcpuCount">Number of vCPUs (1..8 on the virt board's GICv3 redistributor region as laid out).</param>
/// <param name="HasEl2Agent">The hypervisor core runs at EL2: HVC reaches it. Without it, HVC is UNDEFINED in the guest.</param>
/// <param name="HasEl3Agent">The secure monitor runs at EL3: SMC reaches it. Without it, SMC is UNDEFINED.</param>
/// <param name="Deterministic">Time advances with executed instructions (repeatable runs).</param>
/// <param name="WfeChannel">The WFE channel's policy; null uses the defaults (enabled, EL0 DETECT refused, all actions).</param>
/// <param name="PrivateData">The per-vCPU private data area alias (patents.md §3); null: none.</param>
/// <param name="El1AArch32">EL1 uses AArch32 (HCR_EL2.RW = 0): the vCPUs start in SVC mode, as an ARMv7-A guest
/// (a Cortex-A15 on QEMU's virt board) expects.</param>
/// <param name="ShadowPaging">DACR virtualization with shadow page tables for an AArch32 guest (patents.md §6); null: off.</param>
public sealed record VmConfiguration(
    int VcpuCount = 1,
    bool HasEl2Agent = true,
    bool HasEl3Agent = true,
    bool Deterministic = false,
    WfeChannel.WfeChannelPolicy? WfeChannel = null,
    Prda.PrdaConfiguration? PrivateData = null,
    bool El1AArch32 = false,
    ShadowPaging.ShadowPagingConfiguration? ShadowPaging = null)
{
    /// <summary>The WFE channel policy in force.</summary>
    public WfeChannel.WfeChannelPolicy WfePolicy => WfeChannel ?? new WfeChannel.WfeChannelPolicy();

    /// <summary>MPIDR_EL1 of vCPU <paramref name="index"/>: Aff0 = index within a cluster of 16 (QEMU virt's layout), bit 31 RES1.</summary>
    public static ulong MpidrOf(int index) => 0x8000_0000UL | ((ulong)(uint)(index / 16) << 8) | (ulong)(uint)(index % 16);
}
