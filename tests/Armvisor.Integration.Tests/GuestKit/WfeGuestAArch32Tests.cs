namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>The AArch32 client (R0-R3, the low words of the magics) on QEMU, where no agent traps WFE.</summary>
public class WfeGuestAArch32Tests
{
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
