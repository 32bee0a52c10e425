using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// Debian's EDK2 (ArmVirtQemu: QEMU_EFI.fd for -bios, AAVMF_CODE/VARS.fd as the two pflash units) on Armvisor and on
/// qemu-system-aarch64: the same banner, the UEFI shell on PL011, and a non-volatile variable set from the shell is in
/// the variables file at the next boot.
/// </summary>
public sealed class Edk2Tests : IDisposable
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(150);
    private const string Shell = "Shell> ";
    private const string VariableGuid = "4f2b1c8e-0000-4000-8000-000000000001";
    private readonly string _scratch = Directory.CreateTempSubdirectory("armvisor-edk2-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [RequiresEdk2Fact]
    public void Bios_QemuEfiOnBoth_SameBannerAndReachesTheUefiShell()
    {
        string qemu = ToShell(InteractiveConsole.Start(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-m", "512M", "-nographic", "-nic", "none", "-bios", FirmwareImages.QemuEfi]));
        string armvisor = ToShell(Armvisor(["--bios", FirmwareImages.QemuEfi]));

        Assert.Equal(Line(qemu, "UEFI firmware (version"), Line(armvisor, "UEFI firmware (version"));
        Assert.Contains("UEFI Interactive Shell v2.2", armvisor, StringComparison.Ordinal);
        Assert.Equal(Line(qemu, "UEFI v2."), Line(armvisor, "UEFI v2."));
    }

    [RequiresEdk2Fact]
    public void Pflash_SetvarFromShell_PersistsInVarsFileIntoNextBoot()
    {
        string variables = Path.Combine(_scratch, "AAVMF_VARS.fd");
        File.Copy(FirmwareImages.AavmfVars, variables);
        string[] banks = ["--pflash", $"{FirmwareImages.AavmfCode},readonly,unit=0", "--pflash", $"{variables},unit=1"];

        using (InteractiveConsole first = Armvisor(banks))
        {
            first.WaitFor(Shell, Step);
            first.Type($"setvar ArmvisorVar -guid {VariableGuid} -nv -bs =L\"persist\"");
            first.WaitFor(Shell, Step);
            first.Type("reset -s");
            Assert.Equal(0, first.WaitForExit(Step));
        }

        Assert.NotEqual(File.ReadAllBytes(FirmwareImages.AavmfVars), File.ReadAllBytes(variables));
        using InteractiveConsole second = Armvisor(banks);
        second.WaitFor(Shell, Step);
        second.Type($"setvar ArmvisorVar -guid {VariableGuid}");
        // UCS-2 "persist", as the shell dumps the variable's bytes.
        second.WaitFor("70 00 65 00 72 00 73 00 69 00 73 00 74 00", Step);
    }

    [RequiresEdk2Fact]
    public void Bios_CorruptFirmwareVolume_FirmwareStopsAfterItsBannerOnBothAndArmvisorEndsByTimeout()
    {
        // QEMU_EFI.fd with 1.5 MiB of its firmware volume erased (0xFF, as blank flash), which holds the compressed DXE
        // volume: SEC/PEI print the banner, then the firmware cannot decompress DXE and stops, its own failure.
        byte[] image = File.ReadAllBytes(FirmwareImages.QemuEfi);
        image.AsSpan(0x4_0000, 0x18_0000).Fill(0xFF);
        string corrupt = Path.Combine(_scratch, "corrupt.fd");
        File.WriteAllBytes(corrupt, image);

        using (InteractiveConsole qemu = InteractiveConsole.Start(HostTools.Qemu,
                   ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-m", "512M", "-nographic", "-nic", "none", "-bios", corrupt]))
        {
            qemu.WaitFor("UEFI firmware (version", Step);
            Thread.Sleep(TimeSpan.FromSeconds(10));
            Assert.DoesNotContain("BdsDxe", qemu.Output, StringComparison.Ordinal);
        }

        CliResult armvisor = ArmvisorCli.Run(Step, "run", "--memory", "512M", "--timeout", "20", "--bios", corrupt);
        Assert.Equal(5, armvisor.ExitCode);   // --timeout: the guest hung, nothing on the host failed
        Assert.Contains("UEFI firmware (version", armvisor.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("BdsDxe", armvisor.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", armvisor.StandardError, StringComparison.Ordinal);
    }

    private static string ToShell(InteractiveConsole console)
    {
        using (console)
        {
            console.WaitFor(Shell, Step);
            return console.Output;
        }
    }

    private static InteractiveConsole Armvisor(string[] firmware) =>
        InteractiveConsole.Start("dotnet", [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--timeout", "240", .. firmware]);

    private static string Line(string output, string start)
    {
        int at = output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{start}' in:\n{output}");
        int end = output.IndexOfAny(['\r', '\n'], at);
        return output[at..(end < 0 ? output.Length : end)];
    }
}
