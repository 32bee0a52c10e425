namespace Armvisor.Engine.Tests.Support;

/// <summary>Cancels a run that has not returned within a short time (a branch to itself, a WFI nobody wakes...).</summary>
internal sealed class RunWatchdog : IDisposable
{
    private readonly Thread _thread;
    private readonly object _gate = new();
    private IVcpuEngine? _armed;
    private long _generation;
    private bool _stopped;

    public RunWatchdog()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "fuzz watchdog" };
        _thread.Start();
    }

    public void Arm(IVcpuEngine cpu)
    {
        lock (_gate)
        {
            _armed = cpu;
            _generation++;
        }
    }

    public void Disarm()
    {
        lock (_gate)
        {
            _armed = null;
        }
    }

    private void Loop()
    {
        long seen = -1;
        while (true)
        {
            Thread.Sleep(100);
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                if (_armed != null && _generation == seen)
                {
                    _armed.RequestExit();
                }

                seen = _generation;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        _thread.Join();
    }
}
