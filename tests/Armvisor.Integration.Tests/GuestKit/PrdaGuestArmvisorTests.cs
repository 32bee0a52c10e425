namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// The six tests of patents.md §3(e) on the real engine (guests/prda: the guest kit's scheduler on 4 vCPUs, contexts
/// migrating between them through the hypervisor's per-vCPU PRDA alias), plus the control run with deferral off.
/// </summary>
[Trait("Requires", "Armvisor")]
public class PrdaGuestArmvisorTests
{
    private static readonly Lazy<GuestReport> s_deferral = new(() => ArmvisorGuest.Run("prda-sched.elf", 400, "--cpus", "4"));
    private static readonly Lazy<GuestReport> s_control = new(() => ArmvisorGuest.Run("prda-sched-nodefer.elf", 400, "--cpus", "4"));

    private static GuestReport Run(Lazy<GuestReport> run)
    {
        GuestReport report = run.Value;
        Assert.True(report.ExitCode == ArmvisorGuest.PoweredOff, report.ToString());
        report.ExpectCleanEnd();
        return report;
    }

    [Fact]
    public void PrdaInfo_WfeChannel_NamesAliasAndCapabilities()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("prda-info", "ipa", "0x90c0000");
        r.Expect("prda-info", "cap-prda", "1");
        r.Expect("prda-info", "cap-yield", "1");
    }

    [Fact]
    public void Alias_FourCpus_ResolvesToExecutingCpu()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("alias", "ok", "1");
        for (int cpu = 0; cpu < 4; cpu++)
        {
            r.Expect($"alias-cpu{cpu}", "id", cpu.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // Stage 1 gives the one IPA on every CPU; stage 2 (per vCPU) gives each its own page.
            r.Expect($"alias-cpu{cpu}", "ipa", "0x90c0000");
        }
    }

    [Fact]
    public void StalePointer_AfterMigration_ReachesNewCpusPrda()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("stale-pointer", "prda1", "0xabcd");
        Assert.Equal(r.Value("stale-pointer", "prda0-before"), r.Value("stale-pointer", "prda0-after"));
    }

    [Fact]
    public void PteRefresh_FromTpidr_InvalidatesAndReachesCpu2()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("pte-refresh", "pte-eq-tpidr", "1");
        r.Expect("pte-refresh", "tlbi-logged", "1");
        r.Expect("pte-refresh", "tlbi-va", "0x80000000");
        r.Expect("pte-refresh", "first-id", "2");
        r.Expect("pte-refresh", "distinct-pas", "1");
        Assert.NotEqual(r.Value("pte-refresh", "pa1"), r.Value("pte-refresh", "pa2"));
        // Without the TLBI the engine's TLB still answers with CPU 1's page: the invalidation is what is tested.
        r.Expect("pte-refresh-control", "without-tlbi", "1");
        r.Expect("pte-refresh-control", "after-tlbi", "2");
    }

    [Fact]
    public void DeferredPreemption_TickInsideRegion_SameCpuPendingThenMigrates()
    {
        GuestReport r = Run(s_deferral);
        long ticked = r.Number("deferred", "ticked");
        Assert.True(ticked > 0, $"no tick landed inside a region\n{r}");
        Assert.Equal(ticked, r.Number("deferred", "same-cpu"));
        Assert.Equal(ticked, r.Number("deferred", "pending"));
        Assert.Equal(ticked, r.Number("deferred", "migrated-after"));
        r.Expect("deferred", "split", "0");
    }

    [Fact]
    public void DeferredPreemption_ControlWithoutDeferral_SplitsRegions()
    {
        GuestReport r = Run(s_control);
        r.Expect("deferred", "deferral", "0");
        r.Expect("deferred", "ticked", "0");
        Assert.True(r.Number("deferred", "split") > 0, $"with deferral off a migrating tick must split some region\n{r}");
    }

    [Fact]
    public void OutsideRegion_Tick_PreemptsAtOnceFlagNeverSet()
    {
        GuestReport r = Run(s_deferral);
        Assert.True(r.Number("outside", "preempted") > 0, r.ToString());
        r.Expect("outside", "deferred", "0");
        r.Expect("outside", "pending-set", "0");
        Assert.True(r.Number("outside", "moved-mid-spin") > 0, r.ToString());
    }

    [Fact]
    public void Exclusive_MigrationBetweenLdxrAndStxr_FailsThenCountsOnNewCpu()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("exclusive", "first-stxr", "1");
        r.Expect("exclusive", "tries", "2");
        r.Expect("exclusive", "cpu-after", "1");
        r.Expect("exclusive", "target-delta", "1");
        r.Expect("exclusive", "source-delta", "0");
    }

    [Fact]
    public void Stress_100kIterationsRandomMigrations_SumExact()
    {
        GuestReport r = Run(s_deferral);
        r.Expect("stress", "iterations", "100000");
        r.Expect("stress", "sum", "100000");
        r.Expect("stress", "misdirected", "0");
        r.Expect("stress", "xsum", "100000");
        Assert.True(r.Number("stress", "migrations") > 1000, r.ToString());
        Assert.True(r.Number("stress", "deferred") > 0, r.ToString());
    }

    [Fact]
    public void Stress_ControlWithoutDeferral_LosesOrMisdirectsUpdates()
    {
        GuestReport r = Run(s_control);
        r.Expect("stress", "deferral", "0");
        Assert.True(r.Number("stress", "sum") != 100000 || r.Number("stress", "misdirected") > 0,
            $"with deferral off the region's read-modify-write must break under migration\n{r}");
        // LDXR/STXR needs no deferral: the scheduler's CLREX keeps it exact.
        r.Expect("stress", "xsum", "100000");
    }
}
