using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 15: Debian 12's armhf kernel (linux-image-armmp, a zImage) with the kit's busybox initramfs, booted on an
/// AArch32 Cortex-A15 to the marker on 1 and 2 vCPUs; the health script (CPUs online, no WARN/BUG/Oops) and the
/// command script (values computed on the host) in one boot each. Run by a derived class per back end.
/// </summary>
public abstract class ArmhfLinuxGuestScenarios
{
    protected ArmhfLinuxGuestScenarios(ArmhfGuestKitFixture kit, string backend)
    {
        Kit = kit;
        Backend = GuestBackend.For(backend);
    }

    protected ArmhfGuestKitFixture Kit { get; }

    protected GuestBackend Backend { get; }

    /// <summary>How long one boot may take on this back end.</summary>
    protected abstract TimeSpan BootTimeout { get; }

    protected void BootToMarkerWithHealthAndCommands(int cpus)
    {
        GuestRun run = Boot(cpus);

        Assert.Equal(cpus, run.Transcript.ReadyCpus);
        Assert.Contains("CPU: ARMv7 Processor [414fc0f0]", run.Console, StringComparison.Ordinal);
        GuestScriptResult health = run.Transcript.Script(GuestScripts.Health);
        Assert.Equal(0, health.Status);
        Assert.Equal(cpus.ToString(System.Globalization.CultureInfo.InvariantCulture), health.Value("cpus"));
        Assert.Equal(cpus == 1 ? "0" : $"0-{cpus - 1}", health.Value("online"));
        Assert.Equal("0", health.Value("dmesg-problems"));
        Assert.Equal("set", health.Value("rtc"));
        Assert.Contains("virtio_blk", health.Text, StringComparison.Ordinal);
        Assert.Empty(run.Transcript.KernelProblems);

        GuestScriptResult commands = run.Transcript.Script(GuestScripts.Commands);
        Assert.True(commands.Status == 0, run.ToString());
        foreach ((string key, string expected) in CommandsScriptExpectation.Lines())
        {
            Assert.Equal(expected, CommandsScriptExpectation.Actual(commands.Lines, key));
        }

        Assert.Equal(0, run.ExitCode);
    }

    protected GuestRun Boot(int cpus)
    {
        MachineConfiguration configuration = Kit.Configuration(cpus, new GuestCommandLine { Run = [GuestScripts.Health, GuestScripts.Commands] });
        GuestRun run = Backend.Boot(configuration, BootTimeout);
        Assert.False(run.TimedOut, run.ToString());
        Assert.True(run.Transcript.IsReady, run.ToString());
        return run;
    }
}
