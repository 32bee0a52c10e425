using Microsoft.Extensions.Time.Testing;
using Armvisor.Core.WfeChannel;

namespace Armvisor.Core.Tests;

/// <summary>A watchdog counts guest time: a paused VM (Suspend) must not expire it, and a snapshot keeps its time left.</summary>
public class WatchdogSuspendTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Suspend_LongerThanTheTimeout_DoesNotExpireAndKeepsTheTimeLeft()
    {
        using var service = new WatchdogService(_time);
        var fired = new List<WatchdogExpiry>();
        service.Expired += fired.Add;
        service.Configure(0, perVcpu: false, TimeSpan.FromSeconds(5), WatchdogAction.ResetVm);
        _time.Advance(TimeSpan.FromSeconds(2));

        service.Suspend();
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(fired);
        Assert.Equal(TimeSpan.FromSeconds(3), Assert.Single(service.Armed).Remaining);

        service.Resume();
        _time.Advance(TimeSpan.FromMilliseconds(2900));
        Assert.Empty(fired);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Single(fired);
    }

    [Fact]
    public void RestoreState_SavedWatchdog_ExpiresAfterItsRemainingTimeOnceResumed()
    {
        using var saved = new WatchdogService(_time);
        saved.Configure(1, perVcpu: true, TimeSpan.FromSeconds(10), WatchdogAction.InjectInterrupt);
        _time.Advance(TimeSpan.FromSeconds(4));
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            saved.SaveState(writer);
        }

        buffer.Position = 0;
        using var restored = new WatchdogService(_time);
        var fired = new List<WatchdogExpiry>();
        restored.Expired += fired.Add;
        restored.RestoreState(new BinaryReader(buffer));
        WatchdogState state = Assert.Single(restored.Armed);
        Assert.Equal((1, TimeSpan.FromSeconds(10), WatchdogAction.InjectInterrupt, TimeSpan.FromSeconds(6)),
            (state.VcpuIndex!.Value, state.Timeout, state.Action, state.Remaining));

        _time.Advance(TimeSpan.FromSeconds(30)); // restored paused: nothing runs down
        Assert.Empty(fired);
        restored.Resume();
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, Assert.Single(fired).VcpuIndex);
    }
}
