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
}
