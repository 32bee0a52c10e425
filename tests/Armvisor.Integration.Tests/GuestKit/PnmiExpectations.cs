namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// The outcomes of guests/pnmi/pnmi.c that hold on any GICv3 with 5 priority bits and GICD_CTLR.DS = 1 (QEMU virt and
/// Armvisor alike), one method per test of patents.md §5(e).
/// </summary>
internal static class PnmiExpectations
{
    /// <summary>§5(e) 6: regular priorities >= PMR_off, the PNMI's below, checked at init; a broken SPI is found.</summary>
    public static void PriorityInvariant(GuestReport r)
    {
        r.Expect("priority-invariant", "violations", "0");
        r.Expect("priority-invariant", "pnmi-priority", "0x20");
        r.Expect("priority-invariant", "pmr-off", "0x60");
        r.Expect("priority-invariant", "eoimode", "1");
        r.Expect("priority-invariant-broken", "violations", "1");
        r.Expect("priority-invariant-broken", "first", "40");
    }

    /// <summary>§5(e) 1: with PMR = 0x60 and the flag set, a 0xA0 interrupt stays pending and the PNMI gets through.</summary>
    public static void PnmiWhileOff(GuestReport r)
    {
        r.Expect("off-regular", "delivered", "0");
        r.Expect("off-regular", "pending", "1");
        r.Expect("off-regular", "pmr", "0x60");
        r.Expect("off-pnmi", "delivered", "1");
        Assert.Contains("off-pnmi: trace=iar:2,eoir:2,dir:2\n", r.Output, StringComparison.Ordinal);
        r.Expect("off-enable", "regular-delivered", "1");
        r.Expect("off-enable", "deferrals", "0");
    }

    /// <summary>§5(e) 2: R-enter, P-enter, P-exit, R-exit; an equal-priority SGI waits for R; RPR 0xA0 in R, 0x20 in P.</summary>
    public static void Nesting(GuestReport r)
    {
        Assert.Equal("R-enter,P-enter,P-exit,R-exit,R2-enter,R2-exit", r.Line("nest-trace"));
        r.Expect("nest-rpr", "during-r", "0xa0");
        r.Expect("nest-rpr", "during-p", "0x20");
        r.Expect("nest-rpr", "equal-preempted", "0");
    }

    /// <summary>§5(e) 3: flag set without PMR: acknowledged, saved, PMR raised, priority dropped; replayed exactly once.</summary>
    public static void Deferral(GuestReport r)
    {
        r.Expect("defer", "handler-runs", "0");
        r.Expect("defer", "deferred", "1");
        r.Expect("defer", "pmr", "0x60");
        r.Expect("defer", "active", "1");
        r.Expect("defer", "rpr", "0xff");
        r.Expect("defer-pnmi", "delivered", "1");
        r.Expect("defer-replay", "handler-runs", "1");
        r.Expect("defer-replay", "active", "0");
        r.Expect("defer-replay", "pmr", "0xe0");
        r.Expect("defer-replay-again", "handler-runs", "1");
    }

    /// <summary>§5(e) 4: IAR 1023 (idle, withdrawn, below the mask): no handler, no EOIR, no DIR.</summary>
    public static void Spurious(GuestReport r)
    {
        r.Expect("spurious-idle", "iar", "1023");
        r.Expect("spurious-idle", "handler-runs", "0");
        r.Expect("spurious-idle", "eoir-delta", "0");
        r.Expect("spurious-idle", "dir-delta", "0");
        r.Expect("spurious-withdrawn", "pending-before", "1");
        r.Expect("spurious-withdrawn", "pending-after", "0");
        r.Expect("spurious-withdrawn", "iar", "1023");
        r.Expect("spurious-withdrawn", "eoir-delta", "0");
        r.Expect("spurious-masked", "iar", "1023");
        r.Expect("spurious-masked", "pending", "1");
        r.Expect("spurious-masked-enable", "delivered", "1");
    }

    /// <summary>§5(e) 5: 1,000 mixed interrupts all handled once; IAR = EOIR = DIR; nothing active; RPR idle.</summary>
    public static void Burst(GuestReport r)
    {
        r.Expect("burst", "interrupts", "1000");
        r.Expect("burst", "handled", "1000");
        Assert.True(r.Number("burst", "deferrals") > 0, $"the burst exercised no deferral\n{r}");
        Assert.Equal(r.Number("burst", "deferrals"), r.Number("burst", "replays"));
        r.Expect("burst-balance", "acks", "1000");
        r.Expect("burst-balance", "eoir", "1000");
        r.Expect("burst-balance", "dir", "1000");
        r.Expect("burst-balance", "overflows", "0");
        r.Expect("burst-balance", "active", "0x0");
        r.Expect("burst-balance", "pending", "0x0");
        r.Expect("burst-balance", "spi-active", "0");
        r.Expect("burst-balance", "rpr", "0xff");
        Assert.Equal(r.Number("totals", "acks"), r.Number("totals", "eoir"));
        Assert.Equal(r.Number("totals", "acks"), r.Number("totals", "dir"));
    }
}
