using Armvisor.Arm64;
using Armvisor.Engine.Execution;

namespace Armvisor.Engine.Tests;

/// <summary>Builds 4 KB-granule stage-1 tables in a <see cref="SystemFixture"/>'s memory (DDI0487 D8.3 descriptor formats).</summary>
internal sealed class PageTableBuilder
{
    public const ulong Valid = 1;
    public const ulong Table = 0b11;
    public const ulong Page = 0b11;
    public const ulong Block = 0b01;
    public const ulong AccessFlag = 1UL << 10;
    public const ulong NotGlobal = 1UL << 11;
    public const ulong El0Access = 1UL << 6;    // AP[1]
    public const ulong ReadOnly = 1UL << 7;     // AP[2]
    public const ulong Pxn = 1UL << 53;
    public const ulong Uxn = 1UL << 54;
    public const ulong NormalMemory = 1UL << 2; // AttrIndx = 1 (MAIR attr1 = 0xFF)
    public const ulong Leaf = AccessFlag | NormalMemory | (0b11UL << 8);

    /// <summary>TCR_EL1: T0SZ = T1SZ = 16 (48-bit VA), TG0 = 4 KB, TG1 = 4 KB, IPS = 40 bits.</summary>
    public const ulong Tcr48 = 16 | (16UL << 16) | (0b10UL << 30) | (0b010UL << 32);

    private readonly SystemFixture _fixture;
    private ulong _next;

    public PageTableBuilder(SystemFixture fixture, ulong root, ulong tcr = Tcr48)
    {
        _fixture = fixture;
        Root = root;
        _next = root + 0x1000;
        fixture.Agent(SysReg.MairEl1, 0xFF00); // attr0 Device-nGnRnE, attr1 Normal write-back
        fixture.Agent(SysReg.TcrEl1, tcr);
        fixture.Agent(SysReg.SctlrEl1, 1); // M
    }

    public ulong Root { get; }

    /// <summary>Maps <paramref name="va"/> with a leaf at <paramref name="leafLevel"/>, table descriptors getting <paramref name="tableBits"/>.</summary>
    /// <returns>The address of the leaf descriptor.</returns>
    public ulong Map(ulong va, ulong pa, int leafLevel = 3, ulong leafBits = Leaf, ulong tableBits = 0, int startLevel = 0)
    {
        ulong table = Root;
        for (int level = startLevel; ; level++)
        {
            int shift = 12 + (9 * (3 - level));
            ulong entry = table + (((va >> shift) & 0x1FF) * 8);
            if (level == leafLevel)
            {
                ulong kind = level == 3 ? Page : Block;
                _fixture.Store(entry, (pa & ~((1UL << shift) - 1)) | kind | leafBits);
                return entry;
            }

            _fixture.TryReadDescriptor(entry, out ulong existing);
            if ((existing & Valid) == 0)
            {
                existing = _next | Table | tableBits;
                _next += 0x1000;
                _fixture.Store(entry, existing);
            }

            table = existing & 0x0000_FFFF_FFFF_F000;
        }
    }

    /// <summary>Address of the descriptor for <paramref name="va"/> at <paramref name="level"/> along an existing walk.</summary>
    public ulong EntryAddress(ulong va, int level, int startLevel = 0)
    {
        ulong table = Root;
        for (int l = startLevel; ; l++)
        {
            int shift = 12 + (9 * (3 - l));
            ulong entry = table + (((va >> shift) & 0x1FF) * 8);
            if (l == level)
            {
                return entry;
            }

            _fixture.TryReadDescriptor(entry, out ulong descriptor);
            table = descriptor & 0x0000_FFFF_FFFF_F000;
        }
    }
}
