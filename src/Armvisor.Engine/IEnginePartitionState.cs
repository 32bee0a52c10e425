namespace Armvisor.Engine;

/// <summary>
/// The partition-wide state a snapshot needs beyond RAM and the vCPUs: the system counter (DDI0487 D11.1.2). While the
/// VM is paused the counter is suspended, as QEMU stops its virtual clock in the "paused" run state, so that guest time
/// does not jump across a pause or a save and restore.
/// </summary>
public interface IEnginePartitionState
{
    /// <summary>Freezes CNTPCT_EL0 at its current value (idempotent).</summary>
    void SuspendCounter();

    /// <summary>Lets the counter run on from the value it was frozen at (idempotent).</summary>
    void ResumeCounter();

    void SaveState(BinaryWriter writer);

    /// <summary>Restores the counter value (the counter stays suspended until <see cref="ResumeCounter"/>).</summary>
    void RestoreState(BinaryReader reader);
}
