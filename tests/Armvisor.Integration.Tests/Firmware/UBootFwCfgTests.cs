using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Integration.Tests.Linux;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// Debian's U-Boot with <c>--kernel/--initrd/--append</c> (QEMU: <c>-kernel -initrd -append</c> with <c>-bios</c>): the
/// kernel, initrd and command line reach U-Boot through fw_cfg; its <c>qfw</c> lists the files, and its autoboot
/// (<c>qfw load</c>, then <c>booti</c>) starts Debian's arm64 kernel, which reaches the kit's initramfs marker.
/// </summary>
public sealed class UBootFwCfgTests(GuestKitFixture kit) : IClassFixture<GuestKitFixture>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(150);
    private const string Marker = "ARMVISOR-INITRAMFS-READY";

    private string[] KernelArguments(string kernelFlag, string initrdFlag, string appendFlag) =>
        [kernelFlag, kit.Kit.KernelPath, initrdFlag, kit.InitrdPath, appendFlag, "console=ttyAMA0 armvisor.then=shell"];

    [RequiresUBootFact]
    public void Bios_WithKernel_AutobootLoadsItThroughFwCfgToTheShellOnBoth()
    {
        string qemu = Autoboot(InteractiveConsole.Start(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-m", "512M", "-nographic", "-nic", "none",
             "-bios", FirmwareImages.UBoot, .. KernelArguments("-kernel", "-initrd", "-append")]));
        string armvisor = Autoboot(InteractiveConsole.Start("dotnet",
            [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--timeout", "240", "--bios", FirmwareImages.UBoot,
             .. KernelArguments("--kernel", "--initrd", "--append")]));

        // U-Boot's qfw load line names the sizes it read from FW_CFG_KERNEL_SIZE / FW_CFG_INITRD_SIZE.
        Assert.Equal(Line(qemu, "loading kernel to address"), Line(armvisor, "loading kernel to address"));
        Assert.Contains("Starting kernel ...", armvisor, StringComparison.Ordinal);
        Assert.Equal(Line(qemu, Marker), Line(armvisor, Marker));
    }

    [RequiresUBootFact]
    public void Bios_WithKernel_QfwListShowsTheFileDirectory()
    {
        using InteractiveConsole console = InteractiveConsole.Start("dotnet",
            [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--timeout", "120", "--bios", FirmwareImages.UBoot,
             .. KernelArguments("--kernel", "--initrd", "--append")]);
        console.WaitFor("Hit any key to stop autoboot", Step);
        console.Type("");
        console.WaitFor("=> ", Step);
        console.Type("qfw list");
        string output = console.WaitFor("etc/boot-fail-wait", Step);
        Assert.Contains("bootorder", output, StringComparison.Ordinal);
    }

    private static string Autoboot(InteractiveConsole console)
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
