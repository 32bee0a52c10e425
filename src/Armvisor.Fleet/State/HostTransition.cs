namespace Armvisor.Fleet.State;

/// <summary>
/// A compare-and-swap request: move <see cref="HostId"/> from <see cref="ExpectedVersion"/> to the record
/// <see cref="Update"/> makes of it. The idempotency key is stored with the change in the same atomic write; replaying
/// it returns <see cref="TransitionStatus.AlreadyApplied"/>.
/// </summary>
public sealed record HostTransition(string HostId, long ExpectedVersion, string IdempotencyKey, Func<HostRecord, HostRecord> Update);
