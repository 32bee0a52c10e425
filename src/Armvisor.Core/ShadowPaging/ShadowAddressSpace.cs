namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// The shadows of one guest address space (guest TTBR0, TTBR1, TTBCR): a shadow privileged and a shadow user first-level
/// table (patents.md §6, US8621136 claim 1), with the bookkeeping of each of their 4096 entries.
/// </summary>
internal sealed class ShadowAddressSpace
{
    public ShadowAddressSpace((uint Ttbr0, uint Ttbr1, uint Ttbcr) key, uint privilegedL1, uint userL1)
    {
        Key = key;
        PrivilegedL1 = privilegedL1;
        UserL1 = userL1;
    }

    public (uint Ttbr0, uint Ttbr1, uint Ttbcr) Key { get; }

    public uint PrivilegedL1 { get; }

    public uint UserL1 { get; }

    public ShadowL1Record[] Privileged { get; } = new ShadowL1Record[4096];

    public ShadowL1Record[] User { get; } = new ShadowL1Record[4096];

    public uint L1(bool user) => user ? UserL1 : PrivilegedL1;

    public ShadowL1Record[] Records(bool user) => user ? User : Privileged;
}
