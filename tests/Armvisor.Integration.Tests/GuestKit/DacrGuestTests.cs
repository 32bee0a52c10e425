using System.Text.Json;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// guests/dacr under the DACR virtualization (patents.md §6, issue 16): the same lines on qemu-system-arm -M virt -cpu
/// cortex-a15 and on Armvisor with every <c>--dacr-virtualization</c> mode, and the six tests of §6(e) one scenario
/// per run (bootargs "dacr-scenario=N"), each with the shadow pager's counters asserted exactly as the difference to
/// the setup-only run (scenario 0), so the setup's own faults do not blur them.
/// </summary>
public class DacrGuestTests
{
    private static readonly string[] Modes = ["off", "shadow", "swizzle", "domain-track", "flush"];

    [RequiresAArch32Fact]
    public void DacrGuest_QemuAndEveryMode_SameLines()
    {
        GuestReport qemu = QemuGuest.RunAArch32(GuestKitBuild.Guest("dacr.elf"), 60, cpu: "cortex-a15");
        qemu.ExpectCleanEnd();
        string[] expected = Lines(qemu.Output);
        Assert.True(expected.Length >= 14, $"QEMU printed too little\n{qemu}");
        foreach (string mode in Modes)
        {
            GuestReport armvisor = Run(mode, scenario: null);
            string[] actual = Lines(armvisor.Output);
            for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
            {
                string want = i < expected.Length ? expected[i] : "(nothing)";
                string got = i < actual.Length ? actual[i] : "(nothing)";
                Assert.True(want == got, $"{mode}, line {i + 1}: QEMU '{want}', Armvisor '{got}'\n--- Armvisor\n{armvisor}");
            }

            Counters? counters = CountersOf(armvisor);
            Assert.True((mode == "off") == (counters is null), $"{mode}: shadow-paging counters {(counters is null ? "missing" : "present")}\n{armvisor}");
        }
    }

    /// <summary>§6(e) 1: user read OK, user write a reflected permission fault (0x83f: FS 0b01111, domain 3, WnR), privileged write OK.</summary>
    [RequiresAArch32Fact]
    public void ClientSemantics_Shadow_PermissionFaultReflectedWithDomainAndCountersExact()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 1);
        r.Expect("client", "user-write-dfsr", "0x83f");
        r.Expect("client", "priv-write-dfsr", "0x0");
        // Faults: user code (its L2 built), user page_x (L2 built), the user write (reflected), privileged page_x (L2 built).
        Assert.Equal(new Counters(ShadowFaults: 4, L2Repopulated: 3, ReflectedFaults: 1), d with { ShadowSwitches = 0 });
        Assert.True(d.ShadowSwitches >= 2, d.ToString());
    }

    /// <summary>
    /// §6(e) 2: one DACR trap; L1 iterate rewrites the 3 domain-3 sections (2 privileged, 1 user) and drops the 2
    /// domain-3 page tables (privileged and user); the domain-4 section and domain-5 page tables are untouched (no
    /// fault on them afterwards); the next user write is one shadow fault (repopulate) and succeeds, the 16 later
    /// writes to the same L2 region cause no exit.
    /// </summary>
    [RequiresAArch32Fact]
    public void ManagerViaL1IterateL2Drop_Shadow_SectionsRewrittenPageTablesDroppedOneRepopulate()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 2);
        r.Expect("manager", "first-dfsr", "0x0");
        r.Expect("manager", "later-dfsr", "0x0");
        r.Expect("manager-other-domains", "differ", "0x0");
        // Before the DACR write: 9 faults (user code, 0x800 user and privileged, 0x801 twice, 0x802, 0x803, 0x804 twice),
        // 5 L2s; after it: the one repopulate of the user page table.
        Assert.Equal(new Counters(DacrWrites: 1, ShadowFaults: 10, L1EntriesRewritten: 3, L1EntriesVisited: 4 * 4096, L2Dropped: 2, L2Repopulated: 6),
            d with { ShadowSwitches = 0 });
    }

    /// <summary>Swizzle and domain track on §6(e) 2: the same sections rewritten, the 2 page tables rewritten in place (no drop, no repopulate fault).</summary>
    [RequiresAArch32Fact]
    public void ManagerSiblingStrategies_SwizzleAndDomainTrack_L2RewrittenInPlaceNoRepopulate()
    {
        (GuestReport swizzle, Counters s) = Scenario("swizzle", 2);
        swizzle.Expect("manager", "first-dfsr", "0x0");
        Assert.Equal(new Counters(DacrWrites: 1, ShadowFaults: 9, L1EntriesRewritten: 3, L1EntriesVisited: 4 * 4096, L2Repopulated: 5, L2Swizzled: 2),
            s with { ShadowSwitches = 0 });

        // Domain track visits only φ(3): the 5 shadow entries of domain 3, not 4 x 4096.
        (GuestReport track, Counters t) = Scenario("domain-track", 2);
        track.Expect("manager", "first-dfsr", "0x0");
        Assert.Equal(new Counters(DacrWrites: 1, ShadowFaults: 9, L1EntriesRewritten: 3, L1EntriesVisited: 5, L2Repopulated: 5, L2Swizzled: 2),
            t with { ShadowSwitches = 0 });

        // Flush drops every shadow page table (6: the split code section, 0x800 and 0x804, in both shadows) and rewrites nothing.
        (GuestReport flush, Counters f) = Scenario("flush", 2);
        flush.Expect("manager", "first-dfsr", "0x0");
        Assert.Equal(0, f.L1EntriesRewritten);
        Assert.Equal(6, f.L2Dropped);
        Assert.True(f.ShadowFaults > 10, f.ToString());
    }

    /// <summary>§6(e) 3: D3 = NoAccess gives domain faults with domain 3 (section 0x039, page 0x03b, 0x83b for a write); Client restores test 1.</summary>
    [RequiresAArch32Fact]
    public void NoAccess_Shadow_DomainFaultsReflectedThenClientRestored()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 3);
        r.Expect("noaccess", "page-dfsr", "0x3b");
        r.Expect("noaccess", "section-dfsr", "0x39");
        r.Expect("noaccess-user", "page-write-dfsr", "0x83b");
        r.Expect("noaccess-user", "section-dfsr", "0x39");
        r.Expect("noaccess-restored", "user-write-dfsr", "0x83f");
        Assert.Equal(new Counters(DacrWrites: 2, ShadowFaults: 7, L1EntriesVisited: 2 * 4 * 4096, L2Repopulated: 2, ReflectedFaults: 5),
            d with { ShadowSwitches = 0 });
    }

    /// <summary>
    /// §6(e) 4: with an all-Manager DACR the guest reads and writes every page of the hypervisor's pool (right after
    /// its 512 MiB) and of the hypervisor window: every attempt is refused inside the hypervisor, none succeeds, and
    /// the hypervisor page's bytes are unchanged — in every shadow mode.
    /// </summary>
    [RequiresAArch32Fact]
    public void Isolation_AllManagerScan_NeverReachesHypervisorPages()
    {
        foreach (string mode in (string[])["shadow", "swizzle", "domain-track", "flush"])
        {
            GuestReport r = Run(mode, 4);
            r.ExpectCleanEnd();
            r.Expect("isolation", "reads-ok", "0x0");
            r.Expect("isolation", "writes-ok", "0x0");
            Counters c = CountersOf(r)!;
            // 512 pool pages and 256 window pages, each read and written.
            Assert.True(c.IsolationRefusals == 1536, $"{mode}: {c}");
            Assert.True(HypervisorPageIntact(r), $"{mode}: the hypervisor page changed\n{r}");
        }
    }

    /// <summary>§6(e) 5: AP = 001: the privileged write works; the user read and an LDRT fault (0x03f) through the user shadow.</summary>
    [RequiresAArch32Fact]
    public void ModeSpecificShadows_Shadow_UserShadowFaultsPrivilegedDoesNot()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 5);
        r.Expect("modes", "priv-write-dfsr", "0x0");
        r.Expect("modes", "user-read-dfsr", "0x3f");
        r.Expect("modes", "ldrt-dfsr", "0x3f");
        r.Expect("modes-priv-again", "read-dfsr", "0x0");
        Assert.Equal(new Counters(ShadowFaults: 4, L2Repopulated: 2, ReflectedFaults: 2), d with { ShadowSwitches = 0 });
        // Privileged -> user -> privileged: the walks switched between the two shadow tables.
        Assert.True(d.ShadowSwitches >= 2, d.ToString());
    }

    /// <summary>§6(e) 6: Manager then Client before touching the region: the dropped L2 comes back with Client semantics.</summary>
    [RequiresAArch32Fact]
    public void RepopulateUsesCurrentDacr_Shadow_NoStaleManagerPermissions()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 6);
        r.Expect("current-dacr", "user-write-dfsr", "0x83f");
        r.Expect("current-dacr", "write-again-dfsr", "0x83f");
        // The Manager write drops the user L2; the Client write finds nothing left to do; the read repopulates it (Client).
        Assert.Equal(new Counters(DacrWrites: 2, ShadowFaults: 5, L1EntriesVisited: 2 * 4 * 4096, L2Dropped: 1, L2Repopulated: 3, ReflectedFaults: 2),
            d with { ShadowSwitches = 0 });
    }

    /// <summary>The guest's writes to its own (write-protected) L2 table are emulated and drop the shadows derived from it.</summary>
    [RequiresAArch32Fact]
    public void GuestTableWrites_Shadow_EmulatedAndShadowsNeverStale()
    {
        (GuestReport r, Counters d) = Scenario("shadow", 7);
        r.Expect("table-writes", "before-dfsr", "0x37");
        r.Expect("table-writes", "new-page-read", "0x33333333");
        r.Expect("table-writes", "user-write-dfsr", "0x0");
        Assert.Equal(4, d.TableWrites); // two stores, and the two that restore the table
    }

    /// <summary>
    /// guests/systest32 (sections, supersections, large and small pages, domains, AP, the access flag, high vectors,
    /// aborts) runs under the shadow tables with the same lines as with its own tables (which are QEMU's, see
    /// SystemGuestAArch32Tests).
    /// </summary>
    [RequiresAArch32Fact]
    public void Systest32_UnderShadowPaging_SameLinesAsOwnTables()
    {
        GuestReport own = ArmvisorGuest.Run("systest32.elf", 60);
        GuestReport shadow = ArmvisorGuest.Run("systest32.elf", 60, "--dacr-virtualization", "shadow", "--exit-summary", "json");
        own.ExpectCleanEnd();
        Assert.True(Lines(own.Output).SequenceEqual(Lines(shadow.Output)), $"--- own tables\n{own}\n--- shadow\n{shadow}");
        Counters c = CountersOf(shadow)!;
        Assert.True(c.DacrWrites > 0 && c.L2Repopulated > 0 && c.ReflectedFaults > 0, c.ToString());
    }

    /// <summary>A bad mode, an AArch64 guest or SMP: one line on stderr and exit code 2 (configuration error).</summary>
    [RequiresAArch32Fact]
    public void DacrVirtualization_BadValueAArch64GuestOrSmp_OneLineConfigurationError()
    {
        string dacr = GuestKitBuild.Guest("dacr.elf");
        string hello = GuestKitBuild.Guest("hello.elf");
        (string[] Arguments, string Fragment)[] cases =
        [
            (["run", "--kernel", dacr, "--dacr-virtualization", "lazy"], "bad --dacr-virtualization 'lazy'"),
            (["run", "--kernel", hello, "--dacr-virtualization", "shadow"], "needs an AArch32 guest"),
            (["run", "--kernel", dacr, "--cpus", "2", "--dacr-virtualization", "shadow"], "one vCPU"),
        ];
        foreach ((string[] arguments, string fragment) in cases)
        {
            Infrastructure.CliResult result = Infrastructure.ArmvisorCli.Run(TimeSpan.FromSeconds(60), arguments);
            string[] lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(result.ExitCode == 2 && lines.Length == 1 && lines[0].Contains(fragment, StringComparison.Ordinal),
                $"{string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.StandardError}");
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Counters>> s_baselines = new();

    private static (GuestReport Report, Counters Delta) Scenario(string mode, int scenario)
    {
        Counters baseline = s_baselines.GetOrAdd(mode, m => new Lazy<Counters>(() => CountersOf(Run(m, 0))!)).Value;
        GuestReport run = Run(mode, scenario);
        run.ExpectCleanEnd();
        return (run, CountersOf(run)! - baseline);
    }

    private static GuestReport Run(string mode, int? scenario)
    {
        string[] options = ["--memory", "512M", "--dacr-virtualization", mode, "--exit-summary", "json"];
        GuestReport r = ArmvisorGuest.Run("dacr.elf", 60, scenario is { } s ? [.. options, "--append", $"dacr-scenario={s}"] : options);
        Assert.True(r.ExitCode == ArmvisorGuest.PoweredOff, r.ToString());
        return r;
    }

    private static JsonElement? ShadowPaging(GuestReport r)
    {
        string json = r.Diagnostics.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{'));
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("vcpus")[0].TryGetProperty("shadowPaging", out JsonElement sp) ? sp.Clone() : null;
    }

    private static bool HypervisorPageIntact(GuestReport r) => ShadowPaging(r)!.Value.GetProperty("hypervisorPageIntact").GetBoolean();

    private static Counters? CountersOf(GuestReport r) => ShadowPaging(r) is { } sp
        ? new Counters(sp.GetProperty("dacrWrites").GetInt64(), sp.GetProperty("shadowFaults").GetInt64(), sp.GetProperty("l1EntriesRewritten").GetInt64(),
            sp.GetProperty("l1EntriesVisited").GetInt64(), sp.GetProperty("l2Dropped").GetInt64(), sp.GetProperty("l2Repopulated").GetInt64(),
            sp.GetProperty("l2Swizzled").GetInt64(), sp.GetProperty("reflectedFaults").GetInt64(), sp.GetProperty("tableWrites").GetInt64(),
            sp.GetProperty("isolationRefusals").GetInt64(), sp.GetProperty("shadowSwitches").GetInt64())
        : null;

    private static string[] Lines(string output) =>
        output.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The counters the tests compare (a difference of two runs with <c>-</c>).</summary>
    private sealed record Counters(long DacrWrites = 0, long ShadowFaults = 0, long L1EntriesRewritten = 0, long L1EntriesVisited = 0,
        long L2Dropped = 0, long L2Repopulated = 0, long L2Swizzled = 0, long ReflectedFaults = 0, long TableWrites = 0,
        long IsolationRefusals = 0, long ShadowSwitches = 0)
    {
        public static Counters operator -(Counters a, Counters b) => new(a.DacrWrites - b.DacrWrites, a.ShadowFaults - b.ShadowFaults,
            a.L1EntriesRewritten - b.L1EntriesRewritten, a.L1EntriesVisited - b.L1EntriesVisited, a.L2Dropped - b.L2Dropped,
            a.L2Repopulated - b.L2Repopulated, a.L2Swizzled - b.L2Swizzled, a.ReflectedFaults - b.ReflectedFaults, a.TableWrites - b.TableWrites,
            a.IsolationRefusals - b.IsolationRefusals, a.ShadowSwitches - b.ShadowSwitches);
    }
}
