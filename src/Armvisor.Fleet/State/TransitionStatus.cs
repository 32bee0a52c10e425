namespace Armvisor.Fleet.State;

public enum TransitionStatus
{
    /// <summary>The compare-and-swap succeeded; the record is the new one.</summary>
    Applied,

    /// <summary>This idempotency key was applied before; nothing changed (a replay after a crash or a retry).</summary>
    AlreadyApplied,

    /// <summary>The version moved on; the record is the current one.</summary>
    Conflict,

    /// <summary>The transition is not in the state machine's table from the current state.</summary>
    Illegal,

    NotFound,
}
