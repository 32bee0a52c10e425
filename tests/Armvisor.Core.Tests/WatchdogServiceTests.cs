using Microsoft.Extensions.Time.Testing;
using Armvisor.Core.WfeChannel;

namespace Armvisor.Core.Tests;

public class WatchdogServiceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Pet_BeforeEachTimeout_NeverExpires()
    {
        using var service = new WatchdogService(_time);
        service.Configure(0, perVcpu: false, TimeSpan.FromMilliseconds(100), WatchdogAction.ResetVm);

        for (int i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            Assert.True(service.Pet(0));
        }

        Assert.Empty(service.History);
    }

    [Fact]
    public void Configure_NoPet_ExpiresOnceAtTheDeadline()
    {
        using var service = new WatchdogService(_time);
        var fired = new List<WatchdogExpiry>();
        service.Expired += fired.Add;
        DateTimeOffset start = _time.GetUtcNow();
        service.Configure(0, perVcpu: false, TimeSpan.FromMilliseconds(100), WatchdogAction.ResetVm);

        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(fired);
        _time.Advance(TimeSpan.FromMilliseconds(1)); // the fake clock fires due timers at the time it is moved to
        _time.Advance(TimeSpan.FromSeconds(5));

        WatchdogExpiry expiry = Assert.Single(fired);
        Assert.Equal(start + TimeSpan.FromMilliseconds(100), expiry.Fired);
        Assert.Equal(WatchdogAction.ResetVm, expiry.Action);
        Assert.Null(expiry.VcpuIndex);
    }

    [Fact]
    public void Disable_ThenSilence_NoExpiry()
    {
        using var service = new WatchdogService(_time);
        service.Configure(0, perVcpu: false, TimeSpan.FromMilliseconds(100), WatchdogAction.ResetVm);

        Assert.True(service.Disable(0));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(service.History);
        Assert.False(service.Pet(0));
    }

    [Fact]
    public void Configure_PerVcpu_OnlyThatVcpusPetsKeepItAlive()
    {
        using var service = new WatchdogService(_time);
        service.Configure(2, perVcpu: true, TimeSpan.FromMilliseconds(100), WatchdogAction.LogOnly);

        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.False(service.Pet(1));
        _time.Advance(TimeSpan.FromMilliseconds(60));

        Assert.Equal(2, Assert.Single(service.History).VcpuIndex);
    }
}
