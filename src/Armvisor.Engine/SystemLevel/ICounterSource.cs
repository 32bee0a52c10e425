namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The system counter of a partition (DDI0487 D11.1.2 "The system counter"): one instance shared by every vCPU, so
/// CNTPCT_EL0 is the same on all of them. Reads are thread-safe and never go backwards.
/// </summary>
public interface ICounterSource
{
    /// <summary>Counter ticks per second (CNTFRQ_EL0).</summary>
    ulong Frequency { get; }

    /// <summary>The current physical count.</summary>
    ulong Read();
}
