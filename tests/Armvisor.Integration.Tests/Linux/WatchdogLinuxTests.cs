using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Vmm.LinuxKit;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 5 end to end in the Debian guest: armvisor_wdt built on the host for the kit's kernel from Debian packages,
/// loaded into that kernel, and <c>armvisor-guest watchdog --timeout 5s</c> petting the WFE-channel watchdog through it.
/// SIGKILL leaves the watchdog armed (no magic close) and the VM's configured action, reset, happens one timeout after
/// the last PET (armvisor --no-reboot exits 7); SIGTERM disarms it and the guest powers off normally.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class WatchdogLinuxTests(GuestKitFixture kit, ITestOutputHelper output)
{
    /// <summary>TAINT_OOT_MODULE (12, 'O') and TAINT_UNSIGNED_MODULE (13, 'E'): include/linux/panic.h.</summary>
    private const long OutOfTreeTaint = 1L << 12;

    private const long UnsignedTaint = 1L << 13;

    /// <summary>WfeCommand.WatchdogPet in the vCPU's "WFE-channel command N" trace line.</summary>
    private const string PetTrace = "WFE-channel command 3 from EL1: status 0";

    private const string ConfigTrace = "WFE-channel command 2 from EL1: status 0";

    private const string ExpiryLog = "Watchdog of VM expired after 5000 ms: ResetVm";

    /// <summary>How late the expiry may be logged after the last PET + timeout: host timer granularity (~1 ms) plus a
    /// loaded 2-core CI machine's scheduling delay; the lower bound allows for the PET trace line being written after the
    /// PET was timed.</summary>
    private static readonly TimeSpan s_lateSlack = TimeSpan.FromMilliseconds(750);

    private static readonly TimeSpan s_earlySlack = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Build_ForKitKernel_VermagicMatchesKitModules()
    {
        string module = WatchdogModuleBuild.For(kit);

        KernelModuleInfo info = KernelModuleInfo.Read(module);
        KernelModuleInfo shipped = KernelModuleInfo.Read(kit.Kit.ModulePath(kit.Kit.Modules[0]));

        Assert.Equal("armvisor_wdt", info.Name);
        Assert.NotNull(shipped.Vermagic);
        Assert.Equal(shipped.Vermagic, info.Vermagic);
        Assert.StartsWith(kit.Kit.KernelRelease + " ", info.Vermagic, StringComparison.Ordinal);
        Assert.Empty(info.Depends); // the watchdog core is built in (CONFIG_WATCHDOG_CORE=y)
    }

    /// <summary>On QEMU nobody traps WFE: the module loads into Debian's kernel (vermagic and symbol versions
    /// accepted, unsigned: tainted, not refused), DETECT comes back absent without a fault, and init returns -ENODEV.</summary>
    [RequiresQemuFact]
    public void Insmod_OnQemu_LoadsUnsignedFindsNoAgentRefusesDevice()
    {
        GuestRun run = GuestBackend.For(GuestBackend.QemuName).Boot(WatchdogGuest.Configuration(kit, "TERM"), TimeSpan.FromMinutes(3));

        output.WriteLine(run.ToString());
        GuestScriptResult result = run.Transcript.Script(WatchdogGuest.ScriptName);
        Assert.True(result.Status == 1, run.ToString());
        Assert.Equal("none", result.Value("lockdown"));
        Assert.Contains("dmesg: armvisor_wdt: module verification failed: signature and/or required key missing - tainting kernel", result.Lines);
        Assert.Contains("dmesg: armvisor_wdt: no WFE-channel watchdog with action 0 allowed (agent: absent, capabilities 0x0)", result.Text, StringComparison.Ordinal);
        Assert.Contains("No such device", result.Text, StringComparison.Ordinal);
        Assert.Equal("failed", result.Value("insmod-status"));
        Assert.Equal("none", result.Value("device"));
        Assert.Empty(run.Transcript.KernelProblems);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    [Trait("Requires", "LinuxOnArmvisor")]
    public void WatchdogProgram_KilledWithSigkill_VmResetOneTimeoutAfterLastPet()
    {
        GuestRun run = GuestBackend.ArmvisorWith("--trace", "wfe").Boot(WatchdogGuest.Configuration(kit, "KILL"), TimeSpan.FromMinutes(10));

        GuestScriptResult result = run.Transcript.Script(WatchdogGuest.ScriptName);
        AssertLoadedOnArmvisor(result, run);
        Assert.Equal("active", result.Value("state-before")); // petted for 10 s with a 5 s timeout: no expiry meanwhile
        Assert.Equal("5", result.Value("timeout"));
        Assert.Equal("137", result.Value("program-status"));  // 128 + SIGKILL
        Assert.Equal("active", result.Value("state-after"));  // closed without the magic 'V': still armed
        Assert.Null(result.Value("survived"));
        Assert.Null(result.Status);                           // the VM was reset inside the script
        Assert.True(run.ExitCode == ArmvisorGuest.WatchdogReset, run.ToString());

        IReadOnlyList<HostLogLine> log = HostLogLine.Parse(run.StandardError);
        HostLogLine expiry = Assert.Single(log, l => l.Message.Contains("Watchdog of VM expired", StringComparison.Ordinal));
        Assert.StartsWith(ExpiryLog + " (due ", expiry.Message, StringComparison.Ordinal);
        int expiryIndex = log.ToList().IndexOf(expiry);
        HostLogLine lastPet = log.Take(expiryIndex).Last(l => l.Message.EndsWith(PetTrace, StringComparison.Ordinal));
        Assert.Contains(log.Take(expiryIndex), l => l.Message.EndsWith(ConfigTrace, StringComparison.Ordinal));
        // 10 s of petting at 1 s intervals, plus the watchdog core's ping on the unclean close.
        Assert.InRange(log.Take(expiryIndex).Count(l => l.Message.EndsWith(PetTrace, StringComparison.Ordinal)), 8, 20);

        TimeSpan lateness = lastPet.Until(expiry) - TimeSpan.FromSeconds(5);
        output.WriteLine($"last PET {lastPet.TimeOfDay}, due {lastPet.TimeOfDay + TimeSpan.FromSeconds(5)}, expiry logged {expiry.TimeOfDay}: " +
            $"{lateness.TotalMilliseconds} ms late\n{run}");
        Assert.True(lateness >= -s_earlySlack && lateness <= s_lateSlack,
            $"expiry {expiry.TimeOfDay} is {lateness.TotalMilliseconds} ms after last PET {lastPet.TimeOfDay} + 5 s\n{run}");
    }

    [Fact]
    [Trait("Requires", "LinuxOnArmvisor")]
    public void WatchdogProgram_StoppedWithSigterm_DisarmedNothingFires()
    {
        GuestRun run = GuestBackend.ArmvisorWith("--trace", "wfe").Boot(WatchdogGuest.Configuration(kit, "TERM", petSeconds: 6, waitSeconds: 12),
            TimeSpan.FromMinutes(10));

        output.WriteLine(run.ToString());
        GuestScriptResult result = run.Transcript.Script(WatchdogGuest.ScriptName);
        AssertLoadedOnArmvisor(result, run);
        Assert.Equal("active", result.Value("state-before"));
        Assert.Equal("0", result.Value("program-status"));
        Assert.Contains(result.Lines, l => l.StartsWith("program: stopped after", StringComparison.Ordinal) && l.EndsWith("watchdog disarmed", StringComparison.Ordinal));
        Assert.Equal("inactive", result.Value("state-after"));
        Assert.Equal("1", result.Value("survived"));          // 12 s after the stop, more than twice the timeout
        Assert.Equal(0, result.Status);
        Assert.True(run.ExitCode == 0, run.ToString());
        IReadOnlyList<HostLogLine> log = HostLogLine.Parse(run.StandardError);
        Assert.DoesNotContain(log, l => l.Message.Contains("expired", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Message.EndsWith("WFE-channel command 4 from EL1: status 0", StringComparison.Ordinal)); // WATCHDOG_DISABLE
    }

    private static void AssertLoadedOnArmvisor(GuestScriptResult result, GuestRun run)
    {
        Assert.False(run.TimedOut, run.ToString());
        Assert.True(result.Value("insmod-status") == "loaded", run.ToString());
        Assert.Equal("none", result.Value("lockdown"));
        long tainted = long.Parse(result.Value("tainted")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(OutOfTreeTaint | UnsignedTaint, tainted & (OutOfTreeTaint | UnsignedTaint));
        Assert.Contains("dmesg: armvisor_wdt: hypervisor, ABI 1, capabilities 0x1ff, action 0", result.Lines); // the default policy: every capability (with the PRDA alias: PRDA_INFO and YIELD)
        Assert.StartsWith("watchdog", result.Value("device"), StringComparison.Ordinal);
        Assert.Contains(result.Lines, l => l.StartsWith("program: device=/dev/watchdog", StringComparison.Ordinal) && l.Contains("identity=armvisor-wfe", StringComparison.Ordinal));
        Assert.Contains("program: timeout=5s interval=1000ms petting until killed", result.Lines);
        Assert.Empty(run.Transcript.KernelProblems);
    }
}
