namespace Armvisor.Fleet.Metadata;

/// <summary>The daemon's answer to a phase report.</summary>
public enum EventAck
{
    /// <summary>Recorded (or recorded before: replays are idempotent). HTTP 200.</summary>
    Accepted,

    /// <summary>The daemon has not caught up with this instance yet; retry later. HTTP 503 + Retry-After.</summary>
    NotYet,

    /// <summary>The report does not fit the host's state (e.g. the host already failed). HTTP 409.</summary>
    Rejected,
}
