using System.Diagnostics;

namespace Armvisor.Engine.SystemLevel;

/// <summary>
/// The system counter driven by the host's monotonic clock, scaled to <see cref="Frequency"/>; starts at zero. It can be
/// suspended (a paused VM) and set (a restored snapshot): the count is <c>base + host time elapsed since origin</c>.
/// </summary>
public sealed class HostCounterSource : ICounterSource, IRestorableCounter
{
    private readonly Lock _gate = new();
    private long _origin;
    private ulong _base;
    private ulong _frozen;
    private volatile bool _suspended;

    /// <summary>Host ticks per counter tick when the host clock is an exact multiple of the counter (the common case:
    /// 1 GHz host clock, 62.5 MHz counter: 16); 0 otherwise.</summary>
    private readonly ulong _hostTicksPerTick;

    public HostCounterSource(ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        Frequency = frequency;
        _origin = Stopwatch.GetTimestamp();
        ulong host = (ulong)Stopwatch.Frequency;
        _hostTicksPerTick = host % frequency == 0 ? host / frequency : 0;
    }

    public ulong Frequency { get; }

    /// <summary>
    /// The counter now. The run loop reads it every few dozen blocks, so the exact-multiple case is one 64-bit
    /// division; the general case scales through 128 bits (a profile of a Linux boot showed the 128-bit division
    /// taking a quarter of the vCPU thread).
    /// </summary>
    public ulong Read()
    {
        if (_suspended)
        {
            return Volatile.Read(ref _frozen);
        }

        ulong elapsed = (ulong)(Stopwatch.GetTimestamp() - Volatile.Read(ref _origin));
        if (_hostTicksPerTick != 0)
        {
            return Volatile.Read(ref _base) + (elapsed / _hostTicksPerTick);
        }

        UInt128 ticks = (UInt128)elapsed * Frequency / (ulong)Stopwatch.Frequency;
        return Volatile.Read(ref _base) + (ulong)ticks;
    }

    public void Suspend()
    {
        lock (_gate)
        {
            if (!_suspended)
            {
                Volatile.Write(ref _frozen, Read());
                _suspended = true;
            }
        }
    }

    public void Resume()
    {
        lock (_gate)
        {
            if (_suspended)
            {
                Volatile.Write(ref _base, _frozen);
                Volatile.Write(ref _origin, Stopwatch.GetTimestamp());
                _suspended = false;
            }
        }
    }

    /// <summary>Sets the count (a restored snapshot); it runs on from there unless suspended.</summary>
    public void SetCount(ulong count)
    {
        lock (_gate)
        {
            Volatile.Write(ref _frozen, count);
            Volatile.Write(ref _base, count);
            Volatile.Write(ref _origin, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>How long the host waits until the counter reaches <paramref name="count"/> (zero if it already has).</summary>
    public TimeSpan TimeUntil(ulong count)
    {
        ulong now = Read();
        if (count <= now)
        {
            return TimeSpan.Zero;
        }

        UInt128 hostTicks = (UInt128)(count - now) * TimeSpan.TicksPerSecond / Frequency;
        return hostTicks >= (UInt128)TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)hostTicks + 1);
    }
}
