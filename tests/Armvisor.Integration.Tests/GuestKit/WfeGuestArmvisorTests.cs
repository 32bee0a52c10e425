namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// The WFE-channel guests on Armvisor (issue 5): the same binaries as on QEMU find the hypervisor core, use the
/// watchdog, and show the privilege filter, the event-register case and the HVC hazard (patents.md §1(e), §2(e)).
/// </summary>
[Trait("Requires", "Armvisor")]
public class WfeGuestArmvisorTests
{
    [Fact]
    public void Discover_WithHypervisor_AnsweredByTheFirstWfe()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-discover.elf", 60);

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("detect", "agent", "hypervisor");
        r.Expect("detect", "version", "1");
        r.Expect("detect", "attempts", "1");
        Assert.True((r.Number("detect", "caps") & 0xF) == 0xF, $"DETECT, WATCHDOG, QUERY and memory block expected\n{r}");
        r.Expect("block-detect", "status", "ok");
        r.Expect("block-detect", "block-response", "1");
        r.Expect("block-detect", "identity", "0x100000001");
        r.Expect("query-monitor", "monitor", "absent");
        r.Expect("unknown-command", "status", "unknown-command");
        r.Expect("hvc-probe", "undefined", "0");
    }

    [Fact]
    public void Discover_EventRegisterSet_FirstWfeDoesNotTrapRetryDoes()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-discover.elf", 60);

        // DDI0487 C6.2 WFE: with the event register set, WFE clears it and completes without the trap check.
        r.Expect("sevl-detect", "agent", "hypervisor");
        r.Expect("sevl-detect", "attempts", "2");
    }

    [Fact]
    public void Discover_WithoutEl2_AbsentAndHvcUndefined()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-discover.elf", 60, "--no-el2");

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("psci", "conduit", "smc");
        r.Expect("detect", "agent", "absent");
        r.Expect("detect", "attempts", "3");
        r.Expect("hvc-probe", "undefined", "1");
        r.Expect("hvc-probe", "ec", "0x00");
        r.Expect("smc-probe", "undefined", "0");
        r.Expect("faults", "unexpected", "0");
    }

    [Fact]
    public void Discover_WithoutAnyAgent_AbsentAndBothConduitsUndefined()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-discover.elf", 20, "--no-el2", "--no-el3");

        // No PSCI at all: the guest prints its end line, then halts; armvisor stops it at --timeout.
        Assert.Contains("GUESTKIT-HALT no-psci", r.Output, StringComparison.Ordinal);
        r.ExpectCleanEnd();
        r.Expect("detect", "agent", "absent");
        r.Expect("hvc-probe", "undefined", "1");
        r.Expect("smc-probe", "undefined", "1");
        r.Expect("faults", "unexpected", "0");
    }

    [Fact]
    public void Random_WithHypervisor_NoFalsePositive()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-random.elf", 120);

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("random", "responses", "0");
        r.Expect("random", "changed", "0");
        r.Expect("detect-after", "agent", "hypervisor");
    }

    [Fact]
    public void Smp_WithHypervisor_OrdinaryWfeSleepsUntilSev()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-smp.elf", 60, "--cpus", "2");

        r.Expect("sev-wake", "woke", "1");
        r.Expect("sev-wake", "changed", "0");
        r.Expect("sev-wake", "after-set", "1");
        // The vCPU slept in the trapped WFE rather than spinning: a handful of wake-ups over 50 ms, not thousands.
        Assert.True(r.Number("sev-wake", "wakeups") <= 3, r.ToString());
    }

    [Fact]
    public void Smp_WithHypervisor_ExclusiveMonitorClearWakesTheWaiter()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-smp.elf", 60, "--cpus", "2");

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("monitor-wake", "woke", "1");
        r.Expect("monitor-wake", "after-release", "1");
    }

    [Fact]
    public void El0_WithHypervisor_RequestFromEl0IsAnOrdinaryWfe()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-el0.elf", 60);

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("el1-detect", "agent", "hypervisor");
        r.Expect("el0-detect", "answered", "0");
        r.Expect("el0-detect", "x0", "request");
        r.Expect("el0-watchdog-config", "answered", "0");
        r.Expect("el1-pet-after", "status", "not-configured");
        // SCTLR_EL1.nTWE = 0: EL1 sees each EL0 WFE first (EC 0x01), before HCR_EL2.TWE is considered.
        // An exception return sets the event register (DDI0487 D1.16.1), and a WFE with it set completes without
        // trapping: the ERET into EL0 arms attempt 1, attempt 2 traps to EL1, the handler's ERET arms attempt 3.
        r.Expect("el0-ntwe0", "traps-to-el1", "1");
    }

    [Fact]
    public void Watchdog_StopPetting_HostResetsTheVm()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-watchdog.elf", 60, "--no-reboot");

        Assert.True(r.ExitCode == ArmvisorGuest.WatchdogReset, r.ToString());
        r.Expect("pet-unconfigured", "status", "not-configured");
        r.Expect("disable-unconfigured", "status", "not-configured");
        r.Expect("config-timeout-1ms", "status", "invalid-argument");
        r.Expect("config-action-9", "status", "invalid-argument");
        r.Expect("config-reserved-bit", "status", "invalid-argument");
        r.Expect("config-reset", "status", "ok");
        Assert.Equal(r.Value("petting", "pets"), r.Value("petting", "ok"));
        r.Expect("disabled-silence", "alive", "1");
        Assert.True(r.HasLine("stopped-petting"), r.ToString());
        Assert.False(r.HasLine("still-alive"), r.ToString());
        Assert.Contains("expired", r.Diagnostics, StringComparison.OrdinalIgnoreCase);
    }
}
