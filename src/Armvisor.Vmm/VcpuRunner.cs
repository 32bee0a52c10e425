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
    private readonly Gdb.MachineDebugController? _debugger;
    private volatile bool _stopping;

    private readonly VcpuPauseGate _pauseGate;

    public VcpuRunner(Vcpu vcpu, MmioBus bus, Action<GuestOutcome, string> stop, ILogger logger, VcpuPauseGate pauseGate,
        Action<int, string>? exitWithStatus = null, Gdb.MachineDebugController? debugger = null)
    {
        _debugger = debugger;
        _vcpu = vcpu;
        _pauseGate = pauseGate;
        _exits = new VcpuExitHandler(bus, stop, logger, exitWithStatus, debugger);
        _stop = stop;
        _logger = logger;
        _thread = new Thread(ThreadMain) { Name = $"vcpu{vcpu.Index}", IsBackground = true };
    }

    /// <summary>The host (Linux) thread id of the runner thread, once it runs; 0 before or where unknown.</summary>
    public int HostThreadId { get; private set; }

    /// <summary>MMIO exits this vCPU handled.</summary>
    public long MmioExits => _exits.MmioExits;

    public void Start()
    {
        _pauseGate.Enter(); // before the thread runs, so a pause right after Start waits for it
        _thread.Start();
    }

    /// <summary>Asks the thread to finish after its current exit.</summary>
    public void RequestStop()
    {
        _stopping = true;
        _vcpu.RequestExit();
    }

    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    private void ThreadMain()
    {
        HostThreadId = CurrentHostThreadId();
        try
        {
            if (_debugger is not null)
            {
                // The debugger may read this vCPU before it ever runs (--wait-for-gdb): its state must exist.
                _vcpu.PrepareEngine();
            }

            while (!_stopping)
            {
                // Between exits, with no MMIO reply owed: the one place a vCPU parks while the machine is paused.
                _pauseGate.Checkpoint(() => _stopping);
                _debugger?.BeforeRun(_vcpu.Index);
                if (_stopping)
                {
                    break;
                }

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
        finally
        {
            _debugger?.OnFinished(_vcpu.Index);
            _pauseGate.Leave();
        }
    }

    /// <summary>Linux: /proc/thread-self links to "PID/task/TID" (proc(5)); QMP's query-cpus-fast reports the TID.</summary>
    private static int CurrentHostThreadId()
    {
        try
        {
            string? target = new DirectoryInfo("/proc/thread-self").LinkTarget;
            return target is not null && int.TryParse(Path.GetFileName(target), out int tid) ? tid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
