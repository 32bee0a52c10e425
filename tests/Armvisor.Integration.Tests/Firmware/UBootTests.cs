using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// Debian's U-Boot for QEMU's virt board (u-boot-qemu, qemu_arm64/u-boot.bin) booted from flash bank 0 with
/// <c>armvisor run --bios</c> and with <c>qemu-system-aarch64 -bios</c>: the same prompt, the same answers about the
/// CFI flash it probed, and its environment saved to the variables bank persists into the next boot.
/// </summary>
public sealed class UBootTests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(90);
    private const string Prompt = "=> ";
    private readonly string _scratch = Directory.CreateTempSubdirectory("armvisor-uboot-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [RequiresUBootFact]
    public void Bios_UBootOnBoth_SamePromptFlashProbeAndVersion()
    {
        string qemu = Session(Qemu(["-bios", FirmwareImages.UBoot]), "flinfo", "version");
        string armvisor = Session(Armvisor(["--bios", FirmwareImages.UBoot]), "flinfo", "version");

        Assert.Contains("Bank # 1: CFI conformant flash (16 x 16)  Size: 32 MB in 256 Sectors", armvisor, StringComparison.Ordinal);
        Assert.Equal(Section(qemu, "=> flinfo", "=> version"), Section(armvisor, "=> flinfo", "=> version"));
        Assert.Equal(Section(qemu, "=> version", "=> poweroff"), Section(armvisor, "=> version", "=> poweroff"));
        Assert.Equal(Section(qemu, "DRAM:", "Core:"), Section(armvisor, "DRAM:", "Core:"));
    }

    [RequiresUBootFact]
    public void Pflash_SaveenvToVariablesBank_PersistsIntoNextBoot()
    {
        string variables = Path.Combine(_scratch, "vars.img");
        using (FileStream file = File.Create(variables))
        {
            file.SetLength(64L << 20);
        }

        string[] banks = ["--bios", FirmwareImages.UBoot, "--pflash", $"{variables},unit=1"];
        string first = Session(Armvisor(banks), "setenv armvisor_probe 42", "saveenv");
        string second = Session(Armvisor(banks), "printenv armvisor_probe");

        Assert.Contains("Writing to Flash... done", first, StringComparison.Ordinal);
        Assert.Contains("armvisor_probe=42", second, StringComparison.Ordinal);
        Assert.DoesNotContain("bad CRC", second, StringComparison.Ordinal);
    }

    [RequiresUBootFact]
    public void Pflash_ReadOnlyVariablesBank_SaveenvFailsAndFileUnchanged()
    {
        string variables = Path.Combine(_scratch, "vars-ro.img");
        using (FileStream file = File.Create(variables))
        {
            file.SetLength(64L << 20);
        }

        string output = Session(Armvisor(["--bios", FirmwareImages.UBoot, "--pflash", $"{variables},readonly,unit=1"]), "saveenv");

        Assert.DoesNotContain("Writing to Flash... done", output, StringComparison.Ordinal);
        using FileStream check = File.OpenRead(variables);
        var head = new byte[1 << 20];
        check.ReadExactly(head);
        Assert.DoesNotContain(head, b => b != 0);
    }

    [RequiresUBootFact]
    public void Bios_WithDrive_VirtioInfoListsTheDiskAsOnQemu()
    {
        // A 16 MiB raw disk on the virtio-mmio transport (QEMU: -device virtio-blk-device), found by U-Boot's
        // virtio-mmio driver from the device tree's virtio,mmio nodes.
        string Disk(string name)
        {
            string path = Path.Combine(_scratch, name);
            using FileStream file = File.Create(path);
            file.SetLength(16L << 20);
            return path;
        }

        string qemu = Session(Qemu(["-bios", FirmwareImages.UBoot, "-drive", $"if=none,id=d,format=raw,file={Disk("q.img")}",
            "-device", "virtio-blk-device,drive=d"]), "virtio scan", "virtio info");
        string armvisor = Session(Armvisor(["--bios", FirmwareImages.UBoot, "--drive", $"file={Disk("a.img")}"]), "virtio scan", "virtio info");

        string listing = Section(armvisor, "=> virtio info", "=> poweroff");
        Assert.Contains("Capacity: 16.0 MB", listing, StringComparison.Ordinal);
        // U-Boot names the device by its virtio vendor ID: QEMU's "QEMU", Armvisor's own "AVSR"; the rest is the same.
        Assert.Contains("Device 0: AVSR VirtIO Block Device", listing, StringComparison.Ordinal);
        Assert.Equal(Section(qemu, "=> virtio info", "=> poweroff").Replace("Device 0: QEMU ", "Device 0: AVSR ", StringComparison.Ordinal), listing);
    }

    /// <summary>Stops autoboot, types the commands at the prompt, powers off; the whole console.</summary>
    private static string Session(InteractiveConsole console, params string[] commands)
    {
        using (console)
        {
            console.WaitFor("Hit any key to stop autoboot", Step);
            console.Type("");
            console.WaitFor(Prompt, Step);
            foreach (string command in commands)
            {
                console.Type(command);
                console.WaitFor(command + "\n", Step);
                console.WaitFor(Prompt, Step);
            }

            console.Type("poweroff");
            int? exit = console.WaitForExit(Step);
            Assert.True(exit == 0, $"U-Boot's poweroff did not end the emulator with 0 (exit {exit})\n{console.Output}\n{console.Errors}");
            return console.Output;
        }
    }

    private static string Section(string output, string from, string to)
    {
        int start = output.IndexOf(from, StringComparison.Ordinal);
        int end = start < 0 ? -1 : output.IndexOf(to, start + from.Length, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"no section '{from}' .. '{to}' in:\n{output}");
        return output[start..end];
    }

    private static InteractiveConsole Qemu(string[] firmware) =>
        InteractiveConsole.Start(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-m", "512M", "-nographic", "-nic", "none", .. firmware]);

    private static InteractiveConsole Armvisor(string[] firmware) =>
        InteractiveConsole.Start("dotnet", [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--timeout", "120", .. firmware]);
}
