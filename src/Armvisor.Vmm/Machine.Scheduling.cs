using Armvisor.Vmm.Scheduling;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>Running the vCPUs on fewer host threads than vCPUs (<c>--host-threads</c>, <see cref="VcpuScheduler"/>).</summary>
public sealed partial class Machine
{
    /// <summary>What the M:N scheduler did in the last <see cref="Run"/> with <see cref="MachineConfiguration.HostThreads"/>; null otherwise.</summary>
    public VcpuSchedulerStatistics? SchedulerStatistics { get; private set; }

    private GuestOutcome RunScheduled(int hostThreads, CancellationToken cancellationToken)
    {
        Vm.Vcpus[0].PowerOnAt(Boot.EntryPoint.Value, Boot.X0);
        StartParkedSecondaries();
        ILogger logger = _loggerFactory.CreateLogger("Armvisor.Scheduler");
        var options = new VcpuSchedulerOptions(hostThreads, Configuration.TimeSlice, Configuration.PreemptionDeferral, Configuration.PreemptGrace);
        var scheduler = new VcpuScheduler(Vm.Vcpus, new VcpuExitHandler(Bus, Stop, _loggerFactory.CreateLogger("Armvisor.Vcpu")), Stop, options, logger);
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

        SchedulerStatistics = scheduler.Statistics;
        VcpuSchedulerStatistics s = SchedulerStatistics;
        logger.LogInformation("{Vcpus} vCPUs on {Threads} host threads: {Slices} slices, {Preemptions} preemptions, {Deferrals} deferrals, {Yields} yields, {Forced} forced preemptions, {Migrations} thread migrations",
            Vm.Vcpus.Count, hostThreads, s.Slices, s.Preemptions, s.Deferrals, s.Yields, s.ForcedPreemptions, s.ThreadMigrations);
        _logger.LogInformation("Guest ended: {Outcome} ({Reason})", _outcome, _outcomeReason);
        return _outcome!.Value;
    }
}
