using System.Text.Json;
using System.Text.RegularExpressions;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 16's real client: Debian's armhf armmp kernel (short descriptors, CONFIG_CPU_SW_DOMAIN_PAN) on shadow page
/// tables under every <c>--dacr-virtualization</c> strategy prints what it prints on its own tables (<c>off</c>): the
/// same kernel lines (timestamps and wall-clock values masked, the host-load line "hrtimer: interrupt took" dropped; as a multiset, since the initramfs is unpacked
/// asynchronously and its line moves between two <c>off</c> boots too), and the same command and uaccess script
/// output once the userland runs; the shadow pager's counters show the DACR traffic was really virtualized.
/// </summary>
[Collection(ArmhfLinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed partial class ArmvisorArmhfShadowPagingTests(ArmhfGuestKitFixture kit)
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(30);
    private static GuestRun? s_ownTables;

    [RequiresArmhfUserlandTheory]
    [InlineData("shadow")]
    [InlineData("swizzle")]
    [InlineData("domain-track")]
    [InlineData("flush")]
    public void ArmmpBoot_ShadowStrategy_SameConsoleAsOwnTables(string mode)
    {
        GuestRun own = s_ownTables ??= Boot("off", out _);
        GuestRun shadowed = Boot(mode, out JsonElement counters);

        Assert.False(own.TimedOut, own.ToString());
        Assert.False(shadowed.TimedOut, shadowed.ToString());
        Assert.Contains("Run /init as init process", shadowed.Console, StringComparison.Ordinal);
        Assert.Equal(Normalized(own), Normalized(shadowed));
        foreach (string script in (string[])[GuestScripts.Commands, GuestScripts.Uaccess])
        {
            if (own.Transcript.Scripts.TryGetValue(script, out GuestScriptResult? expected))
            {
                GuestScriptResult actual = shadowed.Transcript.Script(script);
                Assert.Equal(expected.Text, actual.Text);
                Assert.Equal(expected.Status, actual.Status);
            }
        }

        // The same problem lines as on the guest's own tables (today init's death under both; none once the userland runs).
        Assert.Equal(own.Transcript.KernelProblems.Select(l => Timestamp().Replace(l, "")), shadowed.Transcript.KernelProblems.Select(l => Timestamp().Replace(l, "")));
        Assert.True(counters.GetProperty("dacrWrites").GetInt64() > 1000, counters.ToString());
        Assert.True(counters.GetProperty("tableWrites").GetInt64() > 1000, counters.ToString());
        Assert.True(counters.GetProperty("hypervisorPageIntact").GetBoolean());
        Assert.Equal(0, counters.GetProperty("isolationRefusals").GetInt64());
    }

    /// <summary>One boot with the command and uaccess scripts (panic=1 so a dying init ends the run instead of the timeout).</summary>
    private GuestRun Boot(string mode, out JsonElement counters)
    {
        string summary = Path.Combine(kit.WorkDirectory, $"summary-{mode}.json");
        MachineConfiguration configuration = kit.Configuration(1, new GuestCommandLine { Run = [GuestScripts.Commands, GuestScripts.Uaccess] });
        configuration = configuration with { Append = configuration.Append + " panic=1" };
        GuestRun run = GuestBackend.ArmvisorWith("--dacr-virtualization", mode, "--exit-summary", "json", "--exit-summary-file", summary)
            .Boot(configuration, BootTimeout);
        File.WriteAllText(Path.Combine(kit.WorkDirectory, $"console-{mode}.log"), run.Console);
        // A run killed by the timeout writes no exit summary: report how it ended and its console instead.
        Assert.True(File.Exists(summary), run.ToString());
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(summary));
        JsonElement vcpu = document.RootElement.GetProperty("vcpus")[0];
        counters = vcpu.TryGetProperty("shadowPaging", out JsonElement shadow) && shadow.ValueKind == JsonValueKind.Object
            ? shadow.Clone()
            : default;
        return run;
    }

    /// <summary>The console's kernel lines without timestamps, wall-clock and timing values, sorted.</summary>
    private static string[] Normalized(GuestRun run) =>
        run.Transcript.Lines
            .Select(l => Timestamp().Replace(l, ""))
            .Select(l => WallClock().IsMatch(l) ? Digits().Replace(l, "N") : l)
            .Where(l => l.Length > 0 && !HostLoad().IsMatch(l))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [GeneratedRegex(@"^\[ *\d+\.\d+\] ")]
    private static partial Regex Timestamp();

    /// <summary>Lines that carry the host's clock or a duration (RTC set, audit's time stamp, the script timing lines).</summary>
    [GeneratedRegex(@"setting system clock|audit\(|seconds|bytes/s| s, ")]
    private static partial Regex WallClock();

    /// <summary>Lines only a loaded host makes the kernel print (a slow timer interrupt), in either run.</summary>
    [GeneratedRegex(@"^hrtimer: interrupt took \d+ ns$")]
    private static partial Regex HostLoad();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
