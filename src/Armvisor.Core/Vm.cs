using Armvisor.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Armvisor.Core;

/// <summary>
/// One virtual machine as the hypervisor core sees it (KVM's VM fd): the engine partition, the vCPUs and their PSCI
/// power states, the interrupt controller and the agents (EL2 hypervisor core, EL3 secure monitor).
/// Lock order: <see cref="Vcpu"/>'s power lock is the only lock here and is never held across calls out.
/// </summary>
public sealed class Vm : IDisposable
{
    private readonly Vcpu[] _vcpus;

    public Vm(VmConfiguration configuration, IEnginePartition partition, IInterruptControllerAccess interruptController,
        ILoggerFactory? loggerFactory = null)
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
        Psci = new PsciService(this, LoggerFactory.CreateLogger("Armvisor.Psci"));
        SecureMonitor = new SecureMonitor(this, LoggerFactory.CreateLogger("Armvisor.SecureMonitor"));
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

    internal PsciService Psci { get; }

    internal SecureMonitor SecureMonitor { get; }

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
        foreach (Vcpu vcpu in _vcpus)
        {
            vcpu.Dispose();
        }

        Partition.Dispose();
    }
}
