using Armvisor.Engine.Interpreter;
using Armvisor.Engine.SystemLevel;

namespace Armvisor.Engine.Tests;

public class CounterSourceTests
{
    [Fact]
    public void Deterministic_AdvancesOnlyWhenTold()
    {
        var counter = new DeterministicCounterSource(62_500_000);
        Assert.Equal(0UL, counter.Read());
        counter.Advance(100);
        counter.Advance(5);
        Assert.Equal(105UL, counter.Read());
    }

    [Fact]
    public void Deterministic_AdvanceTo_NeverGoesBackwards()
    {
        var counter = new DeterministicCounterSource(1_000);
        counter.AdvanceTo(500);
        counter.AdvanceTo(200);
        Assert.Equal(500UL, counter.Read());
    }

    [Fact]
    public void Host_IsMonotonicAndStartsNearZero()
    {
        var counter = new HostCounterSource(62_500_000);
        ulong first = counter.Read();
        ulong second = counter.Read();
        Assert.True(second >= first);
        Assert.Equal(TimeSpan.Zero, counter.TimeUntil(0));
        Assert.True(counter.TimeUntil(first + 62_500_000) > TimeSpan.Zero);
    }

    [Fact]
    public void Constructors_RejectZeroFrequency()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostCounterSource(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeterministicCounterSource(0));
    }

    [Fact]
    public void Timers_SharingOneSource_SeeTheSameCount()
    {
        var counter = new DeterministicCounterSource(1_000);
        var a = new GenericTimers(counter, hasEl2: true);
        var b = new GenericTimers(counter, hasEl2: true);
        counter.Advance(42);
        Assert.Equal(a.PhysicalCount, b.PhysicalCount);
    }
}
