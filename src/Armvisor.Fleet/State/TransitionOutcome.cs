namespace Armvisor.Fleet.State;

public sealed record TransitionOutcome(TransitionStatus Status, HostRecord? Record)
{
    public bool Succeeded => Status is TransitionStatus.Applied or TransitionStatus.AlreadyApplied;
}
