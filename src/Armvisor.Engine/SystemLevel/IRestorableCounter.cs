namespace Armvisor.Engine.SystemLevel;

/// <summary>A system counter that a paused VM suspends and a restored snapshot sets (<see cref="IEnginePartitionState"/>).</summary>
internal interface IRestorableCounter
{
    /// <summary>Freezes the count (idempotent).</summary>
    void Suspend();

    /// <summary>Runs on from the frozen count (idempotent).</summary>
    void Resume();

    /// <summary>Sets the count.</summary>
    void SetCount(ulong count);
}
