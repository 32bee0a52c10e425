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

    /// <summary>One bit per entry of <see cref="Privileged"/> holding a shadow (Kind not None), 64 entries a word.</summary>
    public ulong[] PrivilegedPopulated { get; } = new ulong[4096 / 64];

    /// <summary>One bit per entry of <see cref="User"/> holding a shadow.</summary>
    public ulong[] UserPopulated { get; } = new ulong[4096 / 64];

    public uint L1(bool user) => user ? UserL1 : PrivilegedL1;

    public ShadowL1Record[] Records(bool user) => user ? User : Privileged;

    /// <summary>
    /// The populated entries of one first-level table: an iteration over the 4096 entries covers them 64 at a time and
    /// skips the empty ones (a process's shadow L1 holds a few hundred entries; a DACR write iterates every space's).
    /// </summary>
    public ulong[] Populated(bool user) => user ? UserPopulated : PrivilegedPopulated;

    public void MarkPopulated(bool user, int index, bool populated)
    {
        ref ulong word = ref Populated(user)[index >> 6];
        word = populated ? word | (1UL << (index & 63)) : word & ~(1UL << (index & 63));
    }
}
