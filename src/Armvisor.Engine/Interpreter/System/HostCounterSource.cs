using System.Diagnostics;

namespace Armvisor.Engine.Interpreter;

/// <summary>The system counter driven by the host's monotonic clock, scaled to <see cref="Frequency"/>; starts at zero.</summary>
public sealed class HostCounterSource : ICounterSource
{
    private readonly long _origin;

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
        ulong elapsed = (ulong)(Stopwatch.GetTimestamp() - _origin);
        if (_hostTicksPerTick != 0)
        {
            return elapsed / _hostTicksPerTick;
        }

        UInt128 ticks = (UInt128)elapsed * Frequency / (ulong)Stopwatch.Frequency;
        return (ulong)ticks;
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
