using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

public class ReferenceToolDiagnosisTests
{
    [Fact]
    public void Explain_MissingOptionRom_NamesFileAndPackage()
    {
        string? line = ReferenceToolDiagnosis.Explain("qemu-system-aarch64", 1, "",
            "qemu-system-aarch64: failed to find romfile \"efi-virtio.rom\"\n");

        Assert.Equal("qemu-system-aarch64 could not start: file efi-virtio.rom is missing (Debian package ipxe-qemu; scripts/install-deps.sh installs it)", line);
    }

    [Fact]
    public void Explain_UnknownStartError_FirstErrorLineAndExitCode()
    {
        string? line = ReferenceToolDiagnosis.Explain("qemu-system-aarch64", 1, "\n",
            "qemu-system-aarch64: -M virt,foo=1: Property 'virt-machine.foo' not found\nsecond line\n");

        Assert.Equal("qemu-system-aarch64 exited with 1 before the guest printed anything: qemu-system-aarch64: -M virt,foo=1: Property 'virt-machine.foo' not found", line);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "guest line\n")]
    public void Explain_GuestRanOrExitedCleanly_Null(int exitCode, string output) =>
        Assert.Null(ReferenceToolDiagnosis.Explain("qemu-system-aarch64", exitCode, output, "failed to find romfile \"efi-virtio.rom\""));

    [Fact]
    public void MachineArguments_NoNetworkDevice_NeedsNoOptionRom() =>
        Assert.Contains("-nic none", string.Join(' ', QemuRunner.MachineArguments), StringComparison.Ordinal);

    /// <summary>A real start failure of the reference emulator (an unknown machine property) reaches the caller as the one line.</summary>
    [RequiresQemuFact]
    public void Run_QemuCannotStart_StartFailureIsOneLine()
    {
        var runner = new QemuRunner();
        string elf = GuestBuild.PathOf("hello.elf");

        QemuResult result = runner.Run(elf, TimeSpan.FromSeconds(30), extraArguments: ["-M", "virt,no-such-property=on"]);

        Assert.StartsWith("qemu-system-aarch64 exited with 1 before the guest printed anything: ", result.StartFailure);
        Assert.DoesNotContain('\n', result.StartFailure!);
    }
}
