namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// guests/prda/spin.c, the spinlock guest of scripts/bench-prda.sh (issue 14), as a functional check: 8 vCPUs on 2 host
/// threads take one spinlock whose holder is non-preemptible in its PRDA. Whether deferral makes it faster is the
/// benchmark's question (BENCHMARKS.md §7); here: every acquisition is counted once, and the hypervisor deferred
/// slices that ended with a lock held (the guest reads hv_deferrals from its own PRDA) only when deferral is on.
/// </summary>
[Trait("Requires", "Armvisor")]
public class PrdaSpinGuestArmvisorTests
{
    private static GuestReport Run(params string[] options)
    {
        GuestReport report = ArmvisorGuest.Run("prda-spin.elf", 300, ["--cpus", "8", "--host-threads", "2", .. options]);
        Assert.True(report.ExitCode == ArmvisorGuest.PoweredOff, report.ToString());
        report.ExpectCleanEnd();
        return report;
    }

    [Fact]
    public void SpinGuest_EightVcpusOnTwoHostThreads_CountExactAndHolderSlicesDeferred()
    {
        GuestReport r = Run();
        r.Expect("spin", "ok", "1");
        r.Expect("spin", "alias", "1");
        Assert.Equal(r.Number("spin", "iterations"), r.Number("spin", "counter"));
        Assert.True(r.Number("spin", "deferrals") > 0, $"no slice ended while a lock holder was non-preemptible\n{r}");
    }

    [Fact]
    public void SpinGuest_DeferralOff_CountExactNothingDeferred()
    {
        GuestReport r = Run("--preempt-deferral", "off");
        r.Expect("spin", "ok", "1");
        r.Expect("spin", "deferrals", "0");
        r.Expect("spin", "forced", "0");
    }
}
