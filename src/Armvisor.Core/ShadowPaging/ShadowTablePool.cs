using Armvisor.Memory;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// A vCPU's hypervisor-owned shadow-table memory (an IPA range outside guest RAM, <see cref="ShadowPagingConfiguration"/>):
/// the hypervisor page (its own data, a known pattern the isolation tests check), 15 first-level tables of 16 KiB
/// (DDI0487 G5.5: TTBR0 aligned to 16 KiB with TTBCR.N = 0) and second-level tables of 1 KiB on a free list.
/// </summary>
internal sealed class ShadowTablePool
{
    /// <summary>The first-level tables: slot 0 holds the hypervisor page, slots 1..15 the tables.</summary>
    public const int L1Slots = 15;

    private const uint L1Size = 16 << 10;
    private const uint L2Size = 1 << 10;
    private const uint L2Area = (L1Slots + 1) * L1Size;
    private const byte HypervisorPattern = 0xA5;

    private readonly GuestRam _ram;
    private readonly Stack<uint> _freeL1 = new();
    private readonly Stack<uint> _freeL2 = new();

    public ShadowTablePool(GuestRam ram)
    {
        _ram = ram;
        Base = (uint)ram.Range.Start.Value;
        ram.GetSpan(ram.Range.Start, HypervisorPageSize).Fill(HypervisorPattern);
        for (int i = L1Slots; i >= 1; i--)
        {
            _freeL1.Push(Base + ((uint)i * L1Size));
        }

        for (uint offset = ShadowPagingConfiguration.PoolSizePerVcpu - L2Size; offset >= L2Area; offset -= L2Size)
        {
            _freeL2.Push(Base + offset);
        }
    }

    /// <summary>The hypervisor's own page at the pool's start (the window maps it; the guest must never reach it).</summary>
    public const int HypervisorPageSize = 4096;

    public uint Base { get; }

    public uint End => Base + ShadowPagingConfiguration.PoolSizePerVcpu;

    public bool Contains(ulong address) => address >= Base && address < End;

    /// <summary>The hypervisor page still holds its pattern: nothing the guest did reached it.</summary>
    public bool HypervisorPageIntact => _ram.GetSpan(_ram.Range.Start, HypervisorPageSize).IndexOfAnyExcept(HypervisorPattern) < 0;

    public uint AllocateL1()
    {
        uint table = _freeL1.Pop();
        Clear(table, L1Size);
        return table;
    }

    public void FreeL1(uint table) => _freeL1.Push(table);

    public int FreeL1Count => _freeL1.Count;

    /// <summary>A zeroed (all-fault) second-level table, or 0 when the pool is exhausted.</summary>
    public uint AllocateL2()
    {
        if (!_freeL2.TryPop(out uint table))
        {
            return 0;
        }

        Clear(table, L2Size);
        return table;
    }

    public void FreeL2(uint table) => _freeL2.Push(table);

    public uint Read(uint address) => _ram.Read<uint>(new GuestPhysicalAddress(address));

    public void Write(uint address, uint value) => _ram.Write(new GuestPhysicalAddress(address), value);

    private void Clear(uint address, uint size) => _ram.GetSpan(new GuestPhysicalAddress(address), (int)size).Clear();
}
