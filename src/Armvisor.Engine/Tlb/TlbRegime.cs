namespace Armvisor.Engine.Tlb;

/// <summary>
/// The stage-1 permission views of the EL1&amp;0 regime that need separate TLB entries (QEMU's MMU indexes):
/// EL0 accesses (also LDTR/STTR from EL1), EL1 accesses, and EL1 accesses with PSTATE.PAN set (DDI0487 D8.4.2).
/// </summary>
internal enum TlbRegime
{
    El0 = 0,
    El1 = 1,
    El1Pan = 2,
}
