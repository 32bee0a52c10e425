namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>The pseudo-NMI dispatcher (guestkit/include/armvisor/pnmi.h) on QEMU's GICv3: patents.md §5(e) 1-6.</summary>
public class PnmiGuestQemuTests
{
    private static readonly Lazy<GuestReport> s_run = new(() => QemuGuest.Run(GuestKitBuild.Guest("pnmi.elf")));

    private static GuestReport Run()
    {
        GuestReport report = s_run.Value;
        Assert.True(report.ExitCode == 0, report.ToString());
        return report;
    }

    [RequiresQemuFact]
    public void Pnmi_OnQemu_EndsCleanly() => Run().ExpectCleanEnd();

    [RequiresQemuFact]
    public void Pnmi_PriorityInvariantAtInit_HoldsAndCatchesABrokenSpi() => PnmiExpectations.PriorityInvariant(Run());

    [RequiresQemuFact]
    public void Pnmi_WhileInterruptsOff_PnmiDeliveredRegularHeld() => PnmiExpectations.PnmiWhileOff(Run());

    [RequiresQemuFact]
    public void Pnmi_InsideRegularHandler_NestsInTraceOrder() => PnmiExpectations.Nesting(Run());

    [RequiresQemuFact]
    public void Pnmi_DeferralRace_SavedAndReplayedExactlyOnce() => PnmiExpectations.Deferral(Run());

    [RequiresQemuFact]
    public void Pnmi_SpuriousIntid_NoHandlerNoEoi() => PnmiExpectations.Spurious(Run());

    [RequiresQemuFact]
    public void Pnmi_BurstOfThousand_LeavesNothingActive() => PnmiExpectations.Burst(Run());

    [RequiresQemuFact]
    public void PnmiWatchdog_OnQemu_NoWatchdogReported()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("pnmi-watchdog.elf"));

        Assert.True(r.ExitCode == 0, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("watchdog-pnmi", "available", "0");
    }
}
