using Armvisor.Core;
using Armvisor.Devices;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// The VMM side of one vCPU: a host thread that runs <see cref="Vcpu.Run"/> and handles the closed set of
/// <see cref="VmExit"/>s (vmm-style.md §7.3). The thread is a three-state machine: running, stopping, finished.
/// </summary>
internal sealed class VcpuRunner
{
    private readonly Vcpu _vcpu;
    private readonly VcpuExitHandler _exits;
    private readonly Action<GuestOutcome, string> _stop;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public VcpuRunner(Vcpu vcpu, MmioBus bus, Action<GuestOutcome, string> stop, ILogger logger)
    {
        _vcpu = vcpu;
        _exits = new VcpuExitHandler(bus, stop, logger);
        _stop = stop;
        _logger = logger;
        _thread = new Thread(ThreadMain) { Name = $"vcpu{vcpu.Index}", IsBackground = true };
    }

    /// <summary>MMIO exits this vCPU handled.</summary>
    public long MmioExits => _exits.MmioExits;

    public void Start() => _thread.Start();

    /// <summary>Asks the thread to finish after its current exit.</summary>
    public void RequestStop()
    {
        _stopping = true;
        _vcpu.RequestExit();
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void ThreadMain()
    {
        try
        {
            while (!_stopping)
            {
                if (!_exits.Handle(_vcpu, _vcpu.Run()))
                {
                    return;
                }
            }
        }
#pragma warning disable CA1031 // A host error on a vCPU thread ends the machine with a clear outcome instead of killing the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _logger.LogError(e, "vCPU {Index}: host error", _vcpu.Index);
            _stop(GuestOutcome.HostError, $"vCPU {_vcpu.Index}: {e.Message}");
        }
    }
}
