namespace Armvisor.Vmm.Scheduling;

/// <summary>What <see cref="VcpuScheduler"/> did during a run.</summary>
/// <param name="Slices">vCPU runs started on a host thread.</param>
/// <param name="Preemptions">Slices ended by the scheduler at once (the guest was preemptible).</param>
/// <param name="Deferrals">Slices that ended inside a non-preemptible region: switch deferred, preemptPending set.</param>
/// <param name="Yields">WFE-channel YIELDs (a deferred switch the guest honoured at the end of its region).</param>
/// <param name="ForcedPreemptions">Deferrals that ran out of the grace period: preempted inside the region.</param>
/// <param name="ThreadMigrations">Slices that ran a vCPU on another host thread than its previous one (each flushed the alias IPA).</param>
public sealed record VcpuSchedulerStatistics(long Slices, long Preemptions, long Deferrals, long Yields, long ForcedPreemptions, long ThreadMigrations);
