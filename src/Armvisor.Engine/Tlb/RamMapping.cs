using Armvisor.Memory;
using Armvisor.Engine.Interpreter;

namespace Armvisor.Engine.Tlb;

/// <summary>
/// One stage-2 mapping of the partition: an IPA range backed by host memory (HVF's <c>hv_vm_map</c>), plus the
/// per-page code tracking of self-modifying-code detection: <see cref="CodeVersion"/> changes whenever a page that
/// holds decoded blocks is written, which makes those blocks stale.
/// </summary>
internal sealed unsafe class RamMapping
{
    public RamMapping(GuestRam ram, Stage2Permissions permissions)
    {
        Ram = ram;
        Start = ram.Range.Start.Value;
        Length = ram.Range.Length;
        HostBase = ram.HostBase;
        Permissions = permissions;
        ulong pages = Length >> InterpreterConstants.PageShift;
        CodeVersion = GC.AllocateArray<int>((int)pages, pinned: true);
        CodePage = new int[pages];
    }

    public GuestRam Ram { get; }

    public ulong Start { get; }

    public ulong Length { get; }

    public byte* HostBase { get; }

    public Stage2Permissions Permissions { get; }

    /// <summary>Per page: bumped (Interlocked) on every write to a page that holds decoded code. Pinned: blocks keep a pointer.</summary>
    public int[] CodeVersion { get; }

    /// <summary>Per page: 1 while decoded blocks exist for the page (writes then take the slow path).</summary>
    public int[] CodePage { get; }

    public bool Contains(ulong ipa) => ipa - Start < Length;

    /// <summary>Page index of <paramref name="ipa"/> within this mapping.</summary>
    public int PageIndex(ulong ipa) => (int)((ipa - Start) >> InterpreterConstants.PageShift);
}
