using System.Diagnostics;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary>Collects a run's counters boot by boot (<see cref="MachineRunner.Run"/>'s <c>ended</c> callback) into an <see cref="ExitSummary"/>.</summary>
internal sealed class ExitSummaryRecorder
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private VcpuSummary[] _vcpus = [];
    private int _boots;
    private string _reason = "";

    /// <summary>Adds one boot's counters; the machine has stopped and is not disposed yet.</summary>
    public void BootEnded(Machine machine)
    {
        _boots++;
        _reason = machine.OutcomeReason;
        var vcpus = machine.Vm.Vcpus;
        var next = new VcpuSummary[vcpus.Count];
        for (int i = 0; i < vcpus.Count; i++)
        {
            VcpuSummary? before = i < _vcpus.Length ? _vcpus[i] : null;
            next[i] = new VcpuSummary
            {
                Index = vcpus[i].Index,
                Mpidr = vcpus[i].Mpidr,
                Instructions = (before?.Instructions ?? 0) + vcpus[i].InstructionsRetired,
                MmioExits = (before?.MmioExits ?? 0) + (i < machine.MmioExitsByVcpu.Count ? machine.MmioExitsByVcpu[i] : 0),
                ShadowPaging = ShadowPagingSummary.From(vcpus[i].ShadowPaging, vcpus[i].HypervisorPageIntact) ?? before?.ShadowPaging,
                PowerState = vcpus[i].PowerState,
            };
        }

        _vcpus = next;
    }

    public ExitSummary Finish(GuestOutcome outcome) => new()
    {
        Outcome = outcome,
        Reason = _reason,
        WallTimeSeconds = Math.Round(_clock.Elapsed.TotalSeconds, 6),
        Boots = _boots,
        Vcpus = _vcpus,
    };
}
