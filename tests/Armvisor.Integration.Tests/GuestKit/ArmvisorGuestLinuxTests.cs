using System.Text;
using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>
/// armvisor-guest inside the Debian arm64 guest of issue 4 (the Linux kit's kernel and busybox initramfs), as a user
/// runs it: DETECT from EL0 comes back "absent" without a fault (no agent on QEMU; on Armvisor the default VM
/// configuration does not answer EL0), and without the armvisor_wdt driver the watchdog command reports the missing
/// device. The binary travels in a kit script as base64 (the initramfs builder carries scripts, not binaries).
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class ArmvisorGuestLinuxTests(GuestKitFixture kit)
{
    private const string ScriptName = "armvisor-guest";

    private GuestRun Boot(string backend, TimeSpan timeout)
    {
        string initrd = Path.Combine(kit.WorkDirectory, $"armvisor-guest-{backend}.gz");
        new InitramfsBuilder(kit.Kit).WithScript(ScriptName, Script()).WriteTo(initrd);
        MachineConfiguration configuration =
            kit.Configuration(1, new GuestCommandLine { Run = [ScriptName] }) with { InitrdPath = initrd };
        return GuestBackend.For(backend).Boot(configuration, timeout);
    }

    private static string Script()
    {
        byte[] program = File.ReadAllBytes(GuestKitBuild.Guest("armvisor-guest"));
        string binary = Convert.ToBase64String(program, Base64FormattingOptions.InsertLineBreaks);
        var script = new StringBuilder();
        script.Append("#!/bin/sh\n");
        script.Append("base64 -d > /tmp/armvisor-guest <<'ARMVISOR_GUEST_BINARY'\n");
        script.Append(binary.Replace("\r", "", StringComparison.Ordinal)).Append('\n');
        script.Append("ARMVISOR_GUEST_BINARY\n");
        script.Append("chmod +x /tmp/armvisor-guest\n");
        script.Append("/tmp/armvisor-guest detect\necho \"detect-status=$?\"\n");
        script.Append("/tmp/armvisor-guest watchdog --timeout 5s 2>&1\necho \"watchdog-status=$?\"\n");
        return script.ToString();
    }

    private static void AssertAbsentWithoutFault(GuestRun run)
    {
        GuestScriptResult result = run.Transcript.Script(ScriptName);
        Assert.True(result.Status == 0, run.ToString());
        Assert.True(result.Value("agent") == "absent", run.ToString());
        Assert.Equal("3", result.Value("attempts"));
        Assert.Equal("1", result.Value("detect-status"));
        Assert.Contains("armvisor_wdt", result.Text, StringComparison.Ordinal);
        Assert.Equal("1", result.Value("watchdog-status"));
        Assert.Empty(run.Transcript.KernelProblems);
    }

    [RequiresQemuFact]
    public void Detect_InDebianGuestOnQemu_AbsentWithoutFault() =>
        AssertAbsentWithoutFault(Boot(GuestBackend.QemuName, TimeSpan.FromMinutes(3)));

    [Fact]
    [Trait("Requires", "LinuxOnArmvisor")]
    public void Detect_InDebianGuestOnArmvisor_El0NotAnsweredByDefault() =>
        AssertAbsentWithoutFault(Boot(GuestBackend.ArmvisorName, TimeSpan.FromMinutes(20)));
}
