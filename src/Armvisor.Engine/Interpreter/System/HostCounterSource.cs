using System.Diagnostics;

namespace Armvisor.Engine.Interpreter;

/// <summary>The system counter driven by the host's monotonic clock, scaled to <see cref="Frequency"/>; starts at zero.</summary>
public sealed class HostCounterSource : ICounterSource
{
    private readonly long _origin;

    public HostCounterSource(ulong frequency)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frequency);
        Frequency = frequency;
        _origin = Stopwatch.GetTimestamp();
    }

    public ulong Frequency { get; }

    public ulong Read()
    {
        ulong elapsed = (ulong)(Stopwatch.GetTimestamp() - _origin);
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
