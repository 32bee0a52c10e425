using Armvisor.Arm64;
using Armvisor.Engine;
using Armvisor.Engine.AArch32.Memory;
using Armvisor.Memory;

namespace Armvisor.Core.ShadowPaging;

/// <summary>
/// One vCPU's shadow page tables for an AArch32 guest with short descriptors (patents.md §6; US9251102, US8621136,
/// US8489800). The engine walks the shadow privileged or user table with the processor DACR and PL0 permissions
/// (<see cref="IShortDescriptorShadow"/>); a shadow fault comes here, is resolved from the guest's own tables with the
/// current guest DACR (lazy repopulate) or reflected to the guest with its DFSR/IFSR and DFAR/IFAR. DACR changes are
/// handled by the configured strategy; guest writes to its own tables (write-protected in the shadow) and guest TLB
/// maintenance invalidate the shadow entries derived from them.
/// </summary>
internal sealed partial class ShadowPager : IShortDescriptorShadow
{
    /// <summary>Shadow domain reserved for the hypervisor's own mappings (patents.md §6(a) step 3): always Client.</summary>
    public const int HypervisorDomain = 15;

    private const int MaxAddressSpaces = (ShadowTablePool.L1Slots - 1) / 2;

    private readonly IVcpuEngine _engine;
    private readonly ShadowTablePool _pool;
    private readonly GuestTableReader _guestReader;
    private readonly ShortDescriptorWalker _guestWalker;
    private readonly DacrVirtualizationMode _mode;
    private readonly uint _window;
    private readonly List<ShadowAddressSpace> _spaces = [];

    /// <summary>Domain track's φ: guest domain → the shadow entries (space, user, index) backed by that domain.</summary>
    private readonly HashSet<(ShadowAddressSpace Space, bool User, int Index)>[] _byDomain =
        Enumerable.Range(0, 16).Select(_ => new HashSet<(ShadowAddressSpace, bool, int)>()).ToArray();

    /// <summary>Regions beyond which a DACR write invalidates the whole soft TLB rather than region by region.</summary>
    private const int MaxRegionInvalidations = 4;

    /// <summary>First-level indexes of the current address space whose shadow a DACR write changed.</summary>
    private readonly HashSet<int> _affected = [];

    /// <summary>The DACR write changed more than <see cref="_affected"/> says (flush strategy): invalidate everything.</summary>
    private bool _invalidateAll;

    private ShadowAddressSpace _current;
    private uint _guestDacr;
    private uint _processorDacr;
    private bool _lastUser;

    public ShadowPager(IVcpuEngine engine, GuestRam pool, GuestRam guestRam, DacrVirtualizationMode mode, uint hypervisorWindow)
    {
        _engine = engine;
        _pool = new ShadowTablePool(pool);
        _guestReader = new GuestTableReader(guestRam);
        _guestWalker = new ShortDescriptorWalker(_guestReader);
        _mode = mode;
        _window = hypervisorWindow & 0xFFF0_0000;
        _guestDacr = GuestView.Dacr;
        _current = CreateSpace(SpaceKey());
        _processorDacr = ComputeProcessorDacr();
    }

    public ShadowPagingStatistics Statistics { get; } = new();

    /// <summary>The hypervisor page still holds its pattern (the isolation tests' assertion on the pool's bytes).</summary>
    public bool HypervisorPageIntact => _pool.HypervisorPageIntact;

    public uint ProcessorDacr => _processorDacr;

    /// <summary>Shadow address spaces cached (each a privileged and a user first-level table).</summary>
    public int AddressSpaces => _spaces.Count;

    public uint ShadowTableBase(bool guestUnprivileged)
    {
        if (guestUnprivileged != _lastUser)
        {
            // The guest changed mode (or made an LDRT/STRT): the walk uses the other shadow (§6(a) step 7).
            _lastUser = guestUnprivileged;
            Statistics.ShadowSwitchesCount++;
        }

        return _current.L1(guestUnprivileged);
    }

    /// <summary>The guest's view of its translation registers (G8.2 mappings to the AArch64 registers).</summary>
    private ShortDescriptorRegisters GuestView
    {
        get
        {
            ulong mair = _engine.GetSystemRegister(SysReg.MairEl1);
            return new ShortDescriptorRegisters((uint)_engine.GetSystemRegister(SysReg.SctlrEl1), (uint)_engine.GetSystemRegister(SysReg.TcrEl1),
                (uint)_engine.GetSystemRegister(SysReg.Ttbr0El1), (uint)_engine.GetSystemRegister(SysReg.Ttbr1El1),
                (uint)_engine.GetSystemRegister(AgentRegisters.Dacr32El2), (uint)mair, (uint)(mair >> 32));
        }
    }

    public ShadowFaultResolution OnShadowFault(in ShadowFault fault)
    {
        Statistics.ShadowFaultsCount++;
        uint va = fault.VirtualAddress;
        bool user = fault.GuestUnprivileged;
        if ((va & 0xFFF0_0000) == _window)
        {
            // The hypervisor's own window (domain 15, PL1 only): handled here, never reaches its pages; the guest sees
            // nothing there (a synchronous external abort).
            Statistics.IsolationRefusalsCount++;
            return ShadowFaultResolution.Reflect(ShortDescriptorFaultStatus.SyncExternalAbort);
        }

        ShortDescriptorRegisters guest = GuestView;
        ShortDescriptorResult walk = _guestWalker.Walk(va, guest);
        if (GuestFault(walk, guest, fault.Access, user) is { } status)
        {
            Statistics.ReflectedFaultsCount++;
            return ShadowFaultResolution.Reflect(status);
        }

        if (walk.OutputAddress > uint.MaxValue || _pool.Contains(walk.OutputAddress))
        {
            // The guest's tables point at the hypervisor's pool (or past 4 GB): never shadowed; nothing is there for it.
            Statistics.IsolationRefusalsCount++;
            return ShadowFaultResolution.Reflect(ShortDescriptorFaultStatus.SyncExternalAbort);
        }

        int index = (int)(va >> 20);
        ref ShadowL1Record record = ref _current.Records(user)[index];
        if (record.Kind == ShadowEntryKind.None)
        {
            return Build(_current, user, index, guest) ? ShadowFaultResolution.Retry : ExhaustedPool();
        }

        if (record.Kind == ShadowEntryKind.PageTable && RederiveSlot(_current, user, index, record, (va >> 12) & 0xFF, guest))
        {
            // The guest's entry changed after the shadow L2 was built (invalid to valid needs no TLB maintenance, and
            // a page released from tracking comes back writable).
            return ShadowFaultResolution.Retry;
        }

        uint page = (uint)walk.OutputAddress & 0xFFFF_F000;
        if (fault.Access == ShadowAccess.Write && _tablePages.Contains(page))
        {
            // A write to a write-protected guest table: emulated; what was derived from it is rederived afterwards.
            Statistics.TableWritesCount++;
            _pendingTableWrite = page;
            return ShadowFaultResolution.PermitOnce(walk.OutputAddress, walk.Device);
        }

        // The shadow disagrees with the guest (it should not): rebuild the entry from the guest's tables.
        Drop(_current, user, index);
        _engine.InvalidateTranslations(va & 0xFFF0_0000, 1UL << 20);
        return Build(_current, user, index, guest) ? ShadowFaultResolution.Retry : ExhaustedPool();
    }

    /// <summary>The guest's own outcome for the access, as the architecture gives it (DDI0487 G5.9): null if permitted.</summary>
    private static uint? GuestFault(in ShortDescriptorResult walk, in ShortDescriptorRegisters guest, ShadowAccess access, bool user)
    {
        uint fs;
        switch (walk.Fault)
        {
            case ShortDescriptorFault.None:
                (bool read, bool write, bool execute) = ShortDescriptorPermissions.Evaluate(walk, guest.AccessFlagEnabled, user);
                bool permitted = access switch
                {
                    ShadowAccess.Read => read,
                    ShadowAccess.Write => write,
                    _ => execute,
                };
                if (permitted)
                {
                    return null;
                }

                fs = walk.Level == 1 ? ShortDescriptorFaultStatus.PermissionSection : ShortDescriptorFaultStatus.PermissionPage;
                break;
            case ShortDescriptorFault.Translation:
                fs = walk.Level == 1 ? ShortDescriptorFaultStatus.TranslationSection : ShortDescriptorFaultStatus.TranslationPage;
                break;
            case ShortDescriptorFault.AccessFlag:
                fs = walk.Level == 1 ? ShortDescriptorFaultStatus.AccessFlagSection : ShortDescriptorFaultStatus.AccessFlagPage;
                break;
            case ShortDescriptorFault.Domain:
                fs = walk.Level == 1 ? ShortDescriptorFaultStatus.DomainSection : ShortDescriptorFaultStatus.DomainPage;
                break;
            default:
                fs = walk.Level == 1 ? ShortDescriptorFaultStatus.ExternalAbortOnWalkFirstLevel : ShortDescriptorFaultStatus.ExternalAbortOnWalkSecondLevel;
                break;
        }

        return ShortDescriptorFaultStatus.WithDomain(fs, walk.Domain);
    }

    private ShadowFaultResolution ExhaustedPool()
    {
        // Out of shadow L2s: drop every shadow and let the access fault in again (correct, only slower).
        DropAll(countAsDacrDrop: false);
        _engine.InvalidateTranslations();
        return ShadowFaultResolution.Retry;
    }

    /// <summary>Domain type of guest domain <paramref name="domain"/> in <paramref name="dacr"/>: 0 no access (also reserved 0b10), 1 client, 3 manager.</summary>
    private static uint DomainType(uint dacr, int domain)
    {
        uint field = (dacr >> (2 * domain)) & 3;
        return field == 2 ? 0 : field;
    }

    /// <summary>
    /// The processor DACR mapped from the guest's (§6(a) step 3): Client where the guest has Client or Manager (Manager is
    /// emulated through the shadow APs), No access where it has No access or Reserved; domain 15 is the hypervisor's and
    /// always Client (guest domain-15 entries are then kept out of the shadow while the guest denies that domain).
    /// With the guest MMU off, every domain is Client (the flat shadow).
    /// </summary>
    private uint ComputeProcessorDacr()
    {
        if ((GuestView.Sctlr & 1) == 0)
        {
            return 0x5555_5555;
        }

        uint dacr = 1u << (2 * HypervisorDomain);
        for (int d = 0; d < HypervisorDomain; d++)
        {
            if (DomainType(_guestDacr, d) != 0)
            {
                dacr |= 1u << (2 * d);
            }
        }

        return dacr;
    }
}
