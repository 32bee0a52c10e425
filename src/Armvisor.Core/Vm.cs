using Armvisor.Core.WfeChannel;
using Armvisor.Engine;
using Armvisor.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Core;

/// <summary>
/// One virtual machine as the hypervisor core sees it (KVM's VM fd): the engine partition, the vCPUs and their PSCI
/// power states, the interrupt controller and the agents (EL2 hypervisor core, EL3 secure monitor).
/// Lock order: <see cref="Vcpu"/>'s power lock is the only lock here and is never held across calls out.
/// </summary>
public sealed partial class Vm : IDisposable
{
    private readonly Vcpu[] _vcpus;
    private readonly ILogger _logger;
    private SystemEventExit? _pendingSystemEvent;

    public Vm(VmConfiguration configuration, IEnginePartition partition, IInterruptControllerAccess interruptController,
        ILoggerFactory? loggerFactory = null, GuestRam? ram = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.VcpuCount is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(configuration), configuration.VcpuCount, "vCPU count must be 1..64");
        }

        Configuration = configuration;
        Partition = partition;
        InterruptController = interruptController;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Ram = ram;
        _logger = LoggerFactory.CreateLogger("Armvisor.Vm");
        Psci = new PsciService(this, LoggerFactory.CreateLogger("Armvisor.Psci"));
        Watchdogs = new WatchdogService(timeProvider);
        Watchdogs.Expired += OnWatchdogExpired;
        WfePolicy = configuration.WfePolicy;
        HypervisorChannel = configuration.HasEl2Agent && WfePolicy.Enabled
            ? new WfeChannelAgent(WfeAgentKind.Hypervisor, WfePolicy, Watchdogs,
                () => configuration.HasEl3Agent && WfePolicy.MonitorTrapsWfe ? WfeAgentKind.SecureMonitor : null,
                configuration.PrivateData, index => _vcpus![index].Yield())
            : null;
        MonitorChannel = configuration.HasEl3Agent && WfePolicy.MonitorTrapsWfe
            ? new WfeChannelAgent(WfeAgentKind.SecureMonitor, WfePolicy, watchdogs: null)
            : null;
        SecureMonitor = new SecureMonitor(this, LoggerFactory.CreateLogger("Armvisor.SecureMonitor"));
        ShadowPools = CreateShadowPools(configuration, partition);
        _vcpus = new Vcpu[configuration.VcpuCount];
        for (int i = 0; i < _vcpus.Length; i++)
        {
            _vcpus[i] = new Vcpu(this, i, VmConfiguration.MpidrOf(i));
        }
    }

    public VmConfiguration Configuration { get; }

    public IEnginePartition Partition { get; }

    public IInterruptControllerAccess InterruptController { get; }

    public ILoggerFactory LoggerFactory { get; }

    public IReadOnlyList<Vcpu> Vcpus => _vcpus;

    /// <summary>Guest RAM, for agents that read guest memory (the WFE channel's memory-block requests).</summary>
    public GuestRam? Ram { get; }

    /// <summary>The semihosting host (HLT #0xF000) when enabled; set by the VMM before the vCPUs run.</summary>
    public Semihosting.SemihostingService? Semihosting { get; set; }

    /// <summary>The WFE channel's watchdogs.</summary>
    public WatchdogService Watchdogs { get; }

    public WfeChannelPolicy WfePolicy { get; }

    /// <summary>The hypervisor's end of the WFE channel (null without an EL2 agent or with the channel disabled).</summary>
    public WfeChannelAgent? HypervisorChannel { get; }

    /// <summary>The secure monitor's end of the WFE channel (null unless it traps WFE).</summary>
    public WfeChannelAgent? MonitorChannel { get; }

    /// <summary>Raised (on a timer thread) when a watchdog expires, after its action was taken.</summary>
    public event Action<WatchdogExpiry>? WatchdogExpired;

    internal PsciService Psci { get; }

    internal SecureMonitor SecureMonitor { get; }

    /// <summary>Each vCPU's hypervisor-owned shadow-table memory (DACR virtualization), empty when it is off.</summary>
    internal IReadOnlyList<GuestRam> ShadowPools { get; }

    private static GuestRam[] CreateShadowPools(VmConfiguration configuration, IEnginePartition partition)
    {
        if (configuration.ShadowPaging is not { Mode: not ShadowPaging.DacrVirtualizationMode.Off } shadow)
        {
            return [];
        }

        var pools = new GuestRam[configuration.VcpuCount];
        for (int i = 0; i < pools.Length; i++)
        {
            // Mapped at stage 2 so the engine's walker reads the shadow tables; the shadows never map it for the guest.
            pools[i] = new GuestRam(new GuestPhysicalAddress(shadow.PoolOf(i)), ShadowPaging.ShadowPagingConfiguration.PoolSizePerVcpu);
            partition.MapRam(pools[i], Stage2Permissions.Read | Stage2Permissions.Write);
        }

        return pools;
    }

    /// <summary>The vCPU whose MPIDR affinity fields equal those of <paramref name="mpidr"/> (Aff3..Aff0; other bits ignored).</summary>
    public Vcpu? FindVcpuByMpidr(ulong mpidr)
    {
        const ulong affinityMask = 0xFF_00FF_FFFFUL;
        foreach (Vcpu vcpu in _vcpus)
        {
            if ((vcpu.Mpidr & affinityMask) == (mpidr & affinityMask))
            {
                return vcpu;
            }
        }

        return null;
    }

    /// <summary>
    /// Ends the run machine-wide: every vCPU's next <see cref="Vcpu.Run"/> returns this event (first one wins).
    /// Used by agents that act outside a vCPU's own trap, such as an expiring watchdog.
    /// </summary>
    public void RaiseSystemEvent(SystemEvent systemEvent, string reason)
    {
        Interlocked.CompareExchange(ref _pendingSystemEvent, new SystemEventExit(systemEvent, reason), null);
        RequestExitAll();
    }

    /// <summary>The machine-wide event raised by <see cref="RaiseSystemEvent"/>, if any.</summary>
    internal SystemEventExit? PendingSystemEvent => Volatile.Read(ref _pendingSystemEvent);

    private void OnWatchdogExpired(WatchdogExpiry expiry)
    {
        string who = expiry.VcpuIndex is { } index ? $"vCPU {index}" : "VM";
        _logger.LogWarning("Watchdog of {Who} expired after {Timeout} ms: {Action} (due {Due:HH:mm:ss.fff}, fired {Fired:HH:mm:ss.fff}, {Late} ms late)",
            who, expiry.Timeout.TotalMilliseconds, expiry.Action, expiry.Due, expiry.Fired, Math.Round((expiry.Fired - expiry.Due).TotalMilliseconds, 1));
        switch (expiry.Action)
        {
            case WatchdogAction.ResetVm:
                RaiseSystemEvent(SystemEvent.Reset, $"WFE-channel watchdog of {who} expired");
                break;
            case WatchdogAction.InjectInterrupt:
                if (!InterruptController.RaisePseudoNmi(expiry.VcpuIndex ?? 0))
                {
                    _logger.LogWarning("No pseudo-NMI is designated for this VM; the watchdog's interrupt was not delivered");
                }

                break;
        }

        WatchdogExpired?.Invoke(expiry);
    }

    /// <summary>
    /// An SGI was generated (ICC_SGI1R_EL1 format, IHI0069 §12.2.21): the targets also receive a WFE wake-up event, so
    /// a secondary parked in firmware WFE with its GIC CPU interface not yet set up (the ACPI parking protocol's
    /// wake-up IPI, issue 7) resumes and re-reads its mailbox. A spurious WFE wake-up is always architecturally allowed.
    /// </summary>
    internal void SignalSgiTargets(int sourceIndex, ulong sgiRegister)
    {
        bool allButSelf = (sgiRegister & (1UL << 40)) != 0; // IRM
        ulong targetList = sgiRegister & 0xFFFF;
        ulong aff1 = (sgiRegister >> 16) & 0xFF, aff2 = (sgiRegister >> 32) & 0xFF, aff3 = (sgiRegister >> 48) & 0xFF;
        foreach (Vcpu vcpu in _vcpus)
        {
            ulong mpidr = vcpu.Mpidr;
            bool targeted = allButSelf
                ? vcpu.Index != sourceIndex
                : ((mpidr >> 8) & 0xFF) == aff1 && ((mpidr >> 16) & 0xFF) == aff2 && ((mpidr >> 32) & 0xFF) == aff3
                    && (mpidr & 0xF0) == 0 && (targetList & (1UL << (int)(mpidr & 0xF))) != 0;
            if (targeted)
            {
                vcpu.Engine?.SignalEvent();
            }
        }
    }

    /// <summary>Asks every vCPU to leave <see cref="Vcpu.Run"/> (any thread).</summary>
    public void RequestExitAll()
    {
        foreach (Vcpu vcpu in _vcpus)
        {
            vcpu.RequestExit();
        }
    }

    public void Dispose()
    {
        Watchdogs.Dispose();
        foreach (Vcpu vcpu in _vcpus)
        {
            vcpu.Dispose();
        }

        Partition.Dispose();
        foreach (GuestRam pool in ShadowPools)
        {
            pool.Dispose();
        }
    }
}
