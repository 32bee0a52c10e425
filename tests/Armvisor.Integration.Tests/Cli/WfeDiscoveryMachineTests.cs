using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Cli;

/// <summary>
/// Issue 5 discovery cases that depend on how the machine is configured (patents.md §2(e) 1 and 5): the same guest binary
/// learns who answered — the hypervisor, the secure monitor when there is no EL2 agent, and the monitor the hypervisor
/// sits on.
/// </summary>
public class WfeDiscoveryMachineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string[] Run(params string[] options)
    {
        CliResult result = ArmvisorCli.Run(Timeout, ["run", "--kernel", ArmvisorCli.Guest("wfe-discover.elf"), "--timeout", "60", .. options]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("GUESTKIT-END wfe-discover failures=0", result.StandardOutput, StringComparison.Ordinal);
        return result.StandardOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n');
    }

    [Fact]
    public void Detect_NoEl2AndMonitorTrapsWfe_SecureMonitorAnswersAndHvcIsUndefined()
    {
        string[] lines = Run("--no-el2", "--monitor-traps-wfe");

        Assert.Contains(lines, l => l.StartsWith("detect: agent=secure-monitor present=1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hvc-probe: undefined=1 ec=0x00", StringComparison.Ordinal));
    }

    [Fact]
    public void QuerySecureMonitor_HypervisorOverTrappingMonitor_ReportsTheMonitor()
    {
        string[] lines = Run("--monitor-traps-wfe");

        Assert.Contains(lines, l => l.StartsWith("detect: agent=hypervisor present=1", StringComparison.Ordinal));
        Assert.Contains("query-monitor: monitor=secure-monitor identity=0x100000002 caps=0x9", lines);
    }

    [Fact]
    public void QuerySecureMonitor_MonitorNotTrapping_ReportsNone()
    {
        string[] lines = Run();

        Assert.Contains("query-monitor: monitor=absent identity=0x0 caps=0x0", lines);
    }
}
