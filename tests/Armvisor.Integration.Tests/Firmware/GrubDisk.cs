using System.Diagnostics;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// A GPT disk with an EFI system partition holding GRUB (grub-mkstandalone) as \EFI\BOOT\BOOTAA64.EFI and the kernel
/// and initramfs it boots, made by scripts/make-grub-disk.sh with Debian's tools.
/// </summary>
internal static class GrubDisk
{
    /// <summary>The title of the one menu entry; GRUB prints "Booting `title'" when it starts it.</summary>
    public const string MenuEntry = "Debian arm64 kernel (Armvisor ESP)";

    private static readonly string[] Tools = ["grub-mkstandalone", "mkfs.vfat", "mmd", "mcopy", "sfdisk"];

    /// <summary>Why the disk cannot be made here, or null.</summary>
    public static string? Missing() =>
        FirmwareImages.MissingForEdk2()
        ?? (Tools.FirstOrDefault(t => HostTools.Find(t) is null) is { } tool ? $"{tool} is not installed (scripts/install-deps.sh)"
        : !Directory.Exists("/usr/lib/grub/arm64-efi") ? "/usr/lib/grub/arm64-efi is missing (Debian grub-efi-arm64-bin:arm64; scripts/install-deps.sh)"
        : null);

    public static void Make(string path, string kernel, string initrd, string commandLine)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[] { Path.Combine(ArmvisorCli.RepositoryRoot, "scripts", "make-grub-disk.sh"), path, kernel, initrd, commandLine })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"make-grub-disk.sh failed ({process.ExitCode}): {errors}");
    }
}
