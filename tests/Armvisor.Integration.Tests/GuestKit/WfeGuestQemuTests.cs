namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// The WFE-channel guests on qemu-system-aarch64, where no agent traps WFE (the "absent" case of patents.md §2(e) 2):
/// the client concludes "absent" after its bounded WFEs and nothing faults. QEMU answers every HVC #0 itself (its
/// built-in PSCI), so there the contrast probe that shows UNDEFINED is SMC (no EL3).
/// </summary>
public class WfeGuestQemuTests
{
    [RequiresQemuFact]
    public void Discover_OnQemu_AbsentWithoutFaulting()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-discover.elf"));

        Assert.True(r.ExitCode == 0, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("detect", "agent", "absent");
        r.Expect("detect", "attempts", "3");
        r.Expect("sevl-detect", "agent", "absent");
        r.Expect("block-detect", "status", "absent");
        r.Expect("block-detect", "block-response", "0");
        r.Expect("query-monitor", "monitor", "absent");
        r.Expect("unknown-command", "status", "absent");
        r.Expect("faults", "unexpected", "0");
    }

    [RequiresQemuFact]
    public void Discover_OnQemu_SmcWithoutEl3IsUndefined()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-discover.elf"));

        r.Expect("smc-probe", "undefined", "1");
        r.Expect("smc-probe", "ec", "0x00");
        r.Expect("smc-probe", "il", "1");
    }

    [RequiresQemuFact]
    public void Random_OnQemu_NoWfeGetsAResponse()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-random.elf"));

        r.ExpectCleanEnd();
        r.Expect("random", "wfes", "100000");
        r.Expect("random", "responses", "0");
        r.Expect("random", "changed", "0");
    }

    [RequiresQemuFact]
    public void Smp_OnQemu_OrdinaryWfeWakesOnSevAndMonitorClear()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-smp.elf"), cpus: 2);

        r.ExpectCleanEnd();
        r.Expect("cpu-on", "status", "0");
        r.Expect("sev-wake", "woke", "1");
        r.Expect("sev-wake", "changed", "0");
        r.Expect("sev-wake", "after-set", "1");
        r.Expect("monitor-wake", "woke", "1");
        r.Expect("monitor-wake", "after-release", "1");
    }

    [RequiresQemuFact]
    public void El0_OnQemu_RequestStaysAnOrdinaryWfe()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-el0.elf"));

        r.ExpectCleanEnd();
        r.Expect("el0-detect", "answered", "0");
        r.Expect("el0-detect", "x0", "request");
        r.Expect("el0-watchdog-config", "answered", "0");
        r.Expect("el1-pet-after", "status", "absent");
        // QEMU's TCG treats WFE as YIELD and never traps it, even with SCTLR_EL1.nTWE = 0.
        r.Expect("el0-ntwe0", "traps-to-el1", "0");
        r.Expect("el0-ntwe0", "x0", "request");
    }

    [RequiresQemuFact]
    public void Watchdog_OnQemu_ReportsNoWatchdogAndPowersOff()
    {
        GuestReport r = QemuGuest.Run(GuestKitBuild.Guest("wfe-watchdog.elf"));

        Assert.True(r.ExitCode == 0, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("detect", "agent", "absent");
        r.Expect("watchdog", "available", "0");
    }
}
