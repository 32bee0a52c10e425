namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// A system counter that only moves when the engine says so: by retired instructions, and by jumps to the next timer
/// deadline when every vCPU waits in WFI. A single-vCPU run then repeats exactly, whatever the host speed.
/// </summary>
public sealed class DeterministicCounterSource : ICounterSource, IRestorableCounter
{
    private ulong _count;

    public DeterministicCounterSource(ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        Frequency = frequency;
    }

    public ulong Frequency { get; }

    public ulong Read() => Volatile.Read(ref _count);

    /// <summary>Moves the counter on by <paramref name="ticks"/> (the engine calls this with the instructions a block retired).</summary>
    public void Advance(ulong ticks) => Interlocked.Add(ref _count, ticks);

    /// <summary>Moves the counter to <paramref name="count"/> if it is behind it (idle skip to a timer deadline).</summary>
    public void AdvanceTo(ulong count)
    {
        ulong current = Volatile.Read(ref _count);
        while (current < count)
        {
            ulong seen = Interlocked.CompareExchange(ref _count, count, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Instructions drive this counter, so a paused VM stops it by itself.</summary>
    void IRestorableCounter.Suspend()
    {
    }

    void IRestorableCounter.Resume()
    {
    }

    void IRestorableCounter.SetCount(ulong count) => Volatile.Write(ref _count, count);
}
