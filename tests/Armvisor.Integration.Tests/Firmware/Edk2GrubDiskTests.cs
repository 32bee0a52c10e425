using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Integration.Tests.Linux;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// EDK2 (QEMU_EFI.fd) finds a virtio-mmio block device from the device tree, boots GRUB from the disk's EFI system
/// partition by the removable-media path, and GRUB boots Debian's arm64 kernel and the kit's initramfs from the same
/// partition: on Armvisor (<c>--drive file=</c>) and on QEMU (<c>-drive if=none -device virtio-blk-device</c>), each
/// with its own copy of the same disk.
/// </summary>
public sealed class Edk2GrubDiskTests(GuestKitFixture kit) : IClassFixture<GuestKitFixture>, IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(200);
    private const string Marker = "ARMVISOR-INITRAMFS-READY";
    private readonly string _scratch = Directory.CreateTempSubdirectory("armvisor-grub-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [RequiresGrubDiskFact]
    public void Bios_GrubOnVirtioBlkEsp_BootsDebianKernelToTheMarkerOnBoth()
    {
        string disk = Path.Combine(_scratch, "esp.img"), qemuDisk = Path.Combine(_scratch, "esp-qemu.img");
        GrubDisk.Make(disk, kit.Kit.KernelPath, kit.InitrdPath, "console=ttyAMA0 armvisor.then=shell");
        File.Copy(disk, qemuDisk);

        string qemu = ToMarker(InteractiveConsole.Start(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-m", "512M", "-nographic", "-nic", "none", "-bios", FirmwareImages.QemuEfi,
             "-drive", $"if=none,id=d,format=raw,file={qemuDisk}", "-device", "virtio-blk-device,drive=d"]));
        string armvisor = ToMarker(InteractiveConsole.Start("dotnet",
            [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--timeout", "400", "--bios", FirmwareImages.QemuEfi, "--drive", $"file={disk}"]));

        foreach (string milestone in new[] { "UEFI firmware (version", "Welcome to GRUB!", $"  Booting `{GrubDisk.MenuEntry}'",
                     "EFI stub: Booting Linux Kernel", "EFI stub: Exiting boot services", "Linux version ", Marker })
        {
            Assert.Equal(Line(qemu, milestone), Line(armvisor, milestone));
        }

        // EDK2's boot manager picked the disk's removable-media entry, a virtio-mmio device path on both.
        Assert.Contains("BdsDxe: starting Boot0001 \"UEFI Misc Device\"", armvisor, StringComparison.Ordinal);
    }

    private static string ToMarker(InteractiveConsole console)
    {
        using (console)
        {
            console.WaitFor(Marker, Step);
            console.WaitFor("\n", Step);
            return console.Output;
        }
    }

    private static string Line(string output, string start)
    {
        int at = output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{start}' in:\n{output}");
        int end = output.IndexOf('\n', at);
        return output[at..(end < 0 ? output.Length : end)].TrimEnd('\r');
    }
}
