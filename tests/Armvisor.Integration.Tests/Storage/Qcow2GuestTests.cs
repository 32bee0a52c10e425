using System.Diagnostics;
using System.Security.Cryptography;
using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;
using Armvisor.Vmm.LinuxKit;

namespace Armvisor.Integration.Tests.Storage;

/// <summary>
/// Issue 19, qcow2 in the cloud-image workflow: a raw base and a qcow2 overlay (qemu-img create -f qcow2 -b base -F
/// raw). The guest writes the same bytes on Armvisor and on QEMU, each into its own overlay; afterwards Armvisor's
/// overlay passes qemu-img check and qemu-img compare finds it equal to QEMU's.
/// </summary>
[Collection(LinuxGuestCollection.Name)]
[Trait("Requires", "LinuxOnArmvisor")]
public sealed class Qcow2GuestTests(GuestKitFixture kit)
{
    [Fact]
    public void Qcow2Overlay_GuestWrites_PassesCheckAndEqualsQemusOverlay()
    {
        string directory = Directory.CreateDirectory(Path.Combine(kit.WorkDirectory, "qcow2-" + Guid.NewGuid().ToString("N"))).FullName;
        var baseBytes = new byte[8 << 20];
        new Random(1919).NextBytes(baseBytes);
        File.WriteAllBytes(Path.Combine(directory, "base.raw"), baseBytes);
        foreach (string overlay in (string[])["armvisor.qcow2", "qemu.qcow2"])
        {
            Run(directory, "create", "-f", "qcow2", "-b", "base.raw", "-F", "raw", overlay);
        }

        var commandLine = new GuestCommandLine { Run = [GuestScripts.BlockPattern] };
        GuestRun armvisor = GuestBackend.For(GuestBackend.ArmvisorName).Boot(
            kit.Configuration(1, commandLine, new DriveConfiguration(Path.Combine(directory, "armvisor.qcow2"), ReadOnly: false)), TimeSpan.FromMinutes(10));
        GuestRun qemu = GuestBackend.For(GuestBackend.QemuName).Boot(
            kit.Configuration(1, commandLine, new DriveConfiguration(Path.Combine(directory, "qemu.qcow2"), ReadOnly: false)), TimeSpan.FromMinutes(3));

        GuestScriptResult ours = armvisor.Transcript.Script(GuestScripts.BlockPattern);
        Assert.True(ours.Status == 0, armvisor.ToString());
        Assert.Equal(0, qemu.Transcript.Script(GuestScripts.BlockPattern).Status);
        // The sectors the guest did not write come from the base through the overlay.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(baseBytes.AsSpan(0, 1536))), ours.Value("head-sha256"));
        Assert.Equal(0, Run(directory, "check", "armvisor.qcow2"));
        Assert.Equal(0, Run(directory, "compare", "armvisor.qcow2", "qemu.qcow2"));
        Assert.Equal(1, Run(directory, "compare", "-F", "raw", "armvisor.qcow2", "base.raw"));   // the guest did write
    }

    private static int Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("qemu-img") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode is 0 or 1, $"qemu-img {string.Join(' ', arguments)}: exit {process.ExitCode}\n{output}");
        return process.ExitCode;
    }
}
