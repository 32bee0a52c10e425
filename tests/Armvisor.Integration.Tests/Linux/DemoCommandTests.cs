using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Linux;

/// <summary><c>armvisor demo</c> end to end: kit from the cache, initramfs, boot, scripts, poweroff, exit code 0.</summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class DemoCommandTests(GuestKitFixture fixture)
{
    [Fact]
    public void Demo_QemuWithHealthScriptAndPoweroff_BootsToMarkerAndExitsZero()
    {
        Assert.NotNull(fixture.Kit);

        CliResult result = ArmvisorCli.Run(TimeSpan.FromMinutes(3), "demo", "--qemu", "--cpus", "2", "--run", GuestScripts.Health, "--poweroff");

        var transcript = GuestTranscript.Parse(result.StandardOutput);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, transcript.ReadyCpus);
        Assert.Equal("0", transcript.Script(GuestScripts.Health).Value("dmesg-problems"));
        Assert.Contains("initramfs", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_UnknownScript_OneLineConfigurationError()
    {
        CliResult result = ArmvisorCli.Run(TimeSpan.FromMinutes(1), "demo", "--run", "nosuchscript", "--poweroff");

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.Contains("nosuchscript", result.StandardError, StringComparison.Ordinal);
    }
}
