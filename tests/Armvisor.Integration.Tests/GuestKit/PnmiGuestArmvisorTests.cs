namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>The pseudo-NMI dispatcher on Armvisor's GICv3 model (issue 6): the same outcomes as on QEMU.</summary>
[Trait("Requires", "Armvisor")]
public class PnmiGuestArmvisorTests
{
    private static readonly Lazy<GuestReport> s_run = new(() => ArmvisorGuest.Run("pnmi.elf", 120));

    private static GuestReport Run()
    {
        GuestReport report = s_run.Value;
        Assert.True(report.ExitCode == ArmvisorGuest.PoweredOff, report.ToString());
        return report;
    }

    [Fact]
    public void Pnmi_OnArmvisor_EndsCleanly() => Run().ExpectCleanEnd();

    [Fact]
    public void Pnmi_OnArmvisor_PriorityInvariantAtInit() => PnmiExpectations.PriorityInvariant(Run());

    [Fact]
    public void Pnmi_OnArmvisor_PnmiDeliveredWhileInterruptsOff() => PnmiExpectations.PnmiWhileOff(Run());

    [Fact]
    public void Pnmi_OnArmvisor_NestsInTraceOrder() => PnmiExpectations.Nesting(Run());

    [Fact]
    public void Pnmi_OnArmvisor_DeferralReplayedExactlyOnce() => PnmiExpectations.Deferral(Run());

    [Fact]
    public void Pnmi_OnArmvisor_SpuriousIntidNoHandlerNoEoi() => PnmiExpectations.Spurious(Run());

    [Fact]
    public void Pnmi_OnArmvisor_BurstLeavesNothingActive() => PnmiExpectations.Burst(Run());

    [Fact]
    public void PnmiWatchdog_InterruptAction_ExpiryArrivesAsPnmiWhileInterruptsOff()
    {
        GuestReport r = ArmvisorGuest.Run("pnmi-watchdog.elf", 60, "--pseudo-nmi", "120");

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("config-interrupt", "status", "ok");
        r.Expect("watchdog-pnmi", "delivered", "1");
        r.Expect("watchdog-pnmi", "intid", "120");
        r.Expect("watchdog-pnmi", "while-off", "1");
        r.Expect("watchdog-pnmi", "pmr", "0x60");
        r.Expect("watchdog-pnmi", "regular-runs", "0");
        Assert.Contains("expired after 300 ms: InjectInterrupt", r.Diagnostics, StringComparison.Ordinal);
        r.Expect("balance", "active", "0");
        r.Expect("balance", "rpr", "0xff");
    }
}
