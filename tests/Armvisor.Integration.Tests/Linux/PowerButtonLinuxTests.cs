using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Armvisor.Integration.Tests.Control;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Vmm.LinuxKit;
using Xunit.Abstractions;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// Issue 20, QMP system_powerdown on Debian's arm64 kernel: the PL061's gpio-keys power button reaches the kit's
/// /init as KEY_POWER (gpio_keys + evdev), which powers off; the VMM exits 0 after POWERDOWN and SHUTDOWN. QEMU virt
/// with the same kernel and initramfs is the reference.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
public sealed class PowerButtonLinuxTests(GuestKitFixture kit, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-powerdown-").FullName;

    private string Socket => Path.Combine(_directory, "qmp.sock");

    private string Append => new GuestCommandLine { Then = AfterScripts.Shell }.ToString();

    [Fact]
    public void SystemPowerdown_DebianGuestOnArmvisor_GuestPowersOffWithExitCodeZero()
    {
        PowerdownAndCheck("dotnet", [ArmvisorCli.AssemblyPath, "run", "--kernel", kit.Kit.KernelPath, "--initrd", kit.InitrdPath,
            "--append", Append, "--memory", "512M", "--qmp", $"unix:{Socket},server,wait=off", "--timeout", "200"]);
    }

    [RequiresQemuFact]
    public void SystemPowerdown_DebianGuestOnQemu_GuestPowersOffWithExitCodeZero()
    {
        PowerdownAndCheck("qemu-system-aarch64", ["-M", "virt", "-cpu", "cortex-a57", "-m", "512", "-nographic", "-no-reboot",
            "-kernel", kit.Kit.KernelPath, "-initrd", kit.InitrdPath, "-append", Append, "-qmp", $"unix:{Socket},server,wait=off"]);
    }

    private void PowerdownAndCheck(string program, string[] arguments)
    {
        var console = new StringBuilder();
        using Process guest = SnapshotLinuxTests.StartCapturing(program, arguments, console);
        try
        {
            WaitFor(console, "ARMVISOR-INITRAMFS-READY");
            WaitFor(console, "# ");
            using QmpTestClient client = QmpTestClient.Connect(Socket, Timeout);
            client.Execute("qmp_capabilities");

            (JsonObject reply, List<JsonObject> events) = client.Execute("system_powerdown");

            Assert.True(reply.ContainsKey("return"), reply.ToJsonString());
            if (!events.Any(e => (string?)e["event"] == "SHUTDOWN"))
            {
                JsonObject shutdown = client.WaitForEvent("SHUTDOWN");
                Assert.Equal(true, (bool?)shutdown["data"]?["guest"]);
            }

            Assert.True(guest.WaitForExit(60_000), "the guest did not power off");
            Assert.Equal(0, guest.ExitCode);
            Assert.Contains("power button pressed, powering off", SnapshotLinuxTests.Text(console), StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine(SnapshotLinuxTests.Text(console));
            SnapshotLinuxTests.Kill(guest);
        }
    }

    private static void WaitFor(StringBuilder console, string text)
    {
        DateTime deadline = DateTime.UtcNow + Timeout;
        while (!SnapshotLinuxTests.Text(console).Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no \"{text}\" on the console within {Timeout}");
            }

            Thread.Sleep(20);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
