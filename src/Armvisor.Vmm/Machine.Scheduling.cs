using Armvisor.Vmm.Scheduling;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>Running the vCPUs on fewer host threads than vCPUs (<c>--host-threads</c>, <see cref="VcpuScheduler"/>).</summary>
public sealed partial class Machine
{
    private VcpuScheduler? _scheduler;

    /// <summary>
    /// What the M:N scheduler has done so far in <see cref="Run"/> with <see cref="MachineConfiguration.HostThreads"/>
    /// (live while it runs, final after); null otherwise.
    /// </summary>
    public VcpuSchedulerStatistics? SchedulerStatistics => _scheduler?.Statistics;

    private GuestOutcome RunScheduled(int hostThreads, CancellationToken cancellationToken)
    {
        if (!Restored)
        {
            Vm.Vcpus[0].PowerOnAt(Boot.EntryPoint.Value, Boot.X0);
            StartParkedSecondaries();
        }

        ILogger logger = _loggerFactory.CreateLogger("Armvisor.Scheduler");
        var options = new VcpuSchedulerOptions(hostThreads, Configuration.TimeSlice, Configuration.PreemptionDeferral, Configuration.PreemptGrace);
        var exits = new VcpuExitHandler(Bus, Stop, _loggerFactory.CreateLogger("Armvisor.Vcpu"), StopWithStatus);
        var scheduler = new VcpuScheduler(Vm.Vcpus, exits, Stop, options, logger, _pauseGate);
        _scheduler = scheduler;
        MarkStarted(); // before any host thread runs: a start-paused machine parks them at their first checkpoint
        scheduler.Start();
        using CancellationTokenRegistration registration = cancellationToken.Register(() => Stop(GuestOutcome.UserQuit, "interrupted"));
        TimeSpan timeout = Configuration.Timeout ?? Timeout.InfiniteTimeSpan;
        if (!_stopped.Wait(timeout))
        {
            Stop(GuestOutcome.Timeout, $"timeout after {timeout.TotalSeconds} s");
        }

        scheduler.RequestStop();
        if (!scheduler.Join(TimeSpan.FromSeconds(5)))
        {
            _logger.LogWarning("A host thread did not stop within 5 s");
        }

        VcpuSchedulerStatistics s = scheduler.Statistics;
        logger.LogInformation("{Vcpus} vCPUs on {Threads} host threads: {Slices} slices, {Preemptions} preemptions, {Deferrals} deferrals, {Yields} yields, {Forced} forced preemptions, {Migrations} thread migrations",
            Vm.Vcpus.Count, hostThreads, s.Slices, s.Preemptions, s.Deferrals, s.Yields, s.ForcedPreemptions, s.ThreadMigrations);
        _logger.LogInformation("Guest ended: {Outcome} ({Reason})", _outcome, _outcomeReason);
        return _outcome!.Value;
    }
}
