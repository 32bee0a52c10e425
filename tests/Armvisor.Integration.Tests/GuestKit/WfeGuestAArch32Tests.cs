namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// The AArch32 client (R0-R3, the low words of the magics) on QEMU, where no agent traps WFE, and on Armvisor, where
/// the hypervisor core traps the AArch32 guest's WFE (HCR_EL2.TWE with HCR_EL2.RW = 0) and answers.
/// </summary>
public class WfeGuestAArch32Tests
{
    [RequiresAArch32Fact]
    public void Discover32_OnArmvisor_AnsweredByTheHypervisorAtTheFirstWfe()
    {
        GuestReport r = ArmvisorGuest.Run("wfe-discover32.elf", 60);

        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("detect32", "agent", "hypervisor");
        r.Expect("detect32", "present", "1");
        r.Expect("detect32", "attempts", "1");
        Assert.True((r.Number("detect32", "caps") & 0x7) == 0x7, $"DETECT, WATCHDOG and QUERY expected\n{r}");
        // With the event register set (SEVL), the first WFE completes without trapping; the second one is answered.
        r.Expect("sevl-detect32", "agent", "hypervisor");
        r.Expect("sevl-detect32", "attempts", "2");
        // Random R0-R3 that are not a request keep WFE's meaning: no response, registers unchanged.
        r.Expect("random32", "responses", "0");
        r.Expect("random32", "changed", "0");
    }

    [RequiresAArch32Fact]
    public void Discover32_OnQemu_AbsentAfterBoundedWfesWithoutFaulting()
    {
        GuestReport r = QemuGuest.RunAArch32(GuestKitBuild.Guest("wfe-discover32.elf"));

        Assert.True(r.ExitCode == 0, r.ToString());
        r.ExpectCleanEnd();
        r.Expect("detect32", "agent", "absent");
        r.Expect("detect32", "attempts", "3");
        r.Expect("sevl-detect32", "agent", "absent");
        r.Expect("random32", "responses", "0");
        r.Expect("random32", "changed", "0");
    }
}
