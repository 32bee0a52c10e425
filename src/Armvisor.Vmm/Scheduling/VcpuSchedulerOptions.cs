namespace Armvisor.Vmm.Scheduling;

/// <summary>How <see cref="VcpuScheduler"/> shares host threads between vCPUs.</summary>
/// <param name="HostThreads">M host threads for the VM's N vCPUs (1..N).</param>
/// <param name="TimeSlice">How long a vCPU runs before another waiting vCPU gets its host thread.</param>
/// <param name="Deferral">When a slice ends while the guest's PRDA says non-preemptible, defer the switch (patents.md §3).</param>
/// <param name="Grace">The longest deferral: a guest still non-preemptible after it is preempted anyway (logged, counted).</param>
public sealed record VcpuSchedulerOptions(int HostThreads, TimeSpan TimeSlice, bool Deferral, TimeSpan Grace)
{
    public static readonly TimeSpan DefaultTimeSlice = TimeSpan.FromMilliseconds(4);

    public static readonly TimeSpan DefaultGrace = TimeSpan.FromMilliseconds(2);
}
