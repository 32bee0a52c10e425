using System.Text.RegularExpressions;
using Armvisor.Firmware.Acpi;
using Armvisor.Integration.Tests.GuestKit;
using Armvisor.Integration.Tests.Infrastructure;
using Armvisor.Integration.Tests.Linux;
using Armvisor.Vmm;

namespace Armvisor.Integration.Tests.Firmware;

/// <summary>
/// The ACPI tables reach the OS through EDK2 as on QEMU: fw_cfg carries etc/acpi/rsdp, etc/acpi/tables and
/// etc/table-loader; ArmVirtQemu links and installs the tables and, since the platform has ACPI, hands Linux no device
/// tree. Debian's kernel, loaded by EDK2 from fw_cfg (<c>--kernel</c> with <c>--bios</c>), boots from ACPI on both
/// emulators, and on Armvisor lists exactly Armvisor's tables (lengths and revisions of <see cref="AcpiTables"/>).
/// </summary>
public sealed class Edk2AcpiTests(GuestKitFixture kit) : IClassFixture<GuestKitFixture>
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(200);
    private const string Marker = "ARMVISOR-INITRAMFS-READY";
    private const string Append = "console=ttyAMA0 armvisor.then=poweroff";

    [RequiresEdk2Fact]
    public void Bios_WithKernel_LinuxBootsFromTheFwCfgAcpiTablesOnBoth()
    {
        string qemu = ToMarker(InteractiveConsole.Start(HostTools.Qemu,
            ["-M", "virt,gic-version=3", "-cpu", "cortex-a72", "-smp", "2", "-m", "512M", "-nographic", "-nic", "none",
             "-bios", FirmwareImages.QemuEfi, "-kernel", kit.Kit.KernelPath, "-initrd", kit.InitrdPath, "-append", Append]));
        string armvisor = ToMarker(InteractiveConsole.Start("dotnet",
            [ArmvisorCli.AssemblyPath, "run", "--memory", "512M", "--cpus", "2", "--timeout", "400", "--bios", FirmwareImages.QemuEfi,
             "--kernel", kit.Kit.KernelPath, "--initrd", kit.InitrdPath, "--append", Append]));

        // Linux took ACPI, not a device tree (arch/arm64/kernel/acpi.c: only without a real DT), on both.
        foreach (string line in new[] { "ACPI: RSDP 0x", "psci: probing for conduit method from ACPI.", "ACPI: Interpreter enabled",
                     "ACPI: Using GIC for interrupt routing", "ACPI: SPCR: console: pl011,mmio" })
        {
            Assert.Contains(line, qemu, StringComparison.Ordinal);
            Assert.Contains(line, armvisor, StringComparison.Ordinal);
        }

        // The tables both machines have, listed by Linux's table scan (drivers/acpi/tables.c acpi_table_print): on
        // Armvisor each is the table Armvisor built, installed unchanged by EDK2.
        AcpiTables ours = AcpiTables.Build(Armvisor.Vmm.Machine.Describe(new MachineConfiguration
        {
            Cpus = 2, MemoryBytes = 512UL << 20, BiosPath = FirmwareImages.QemuEfi,
        }), new Armvisor.Memory.GuestPhysicalAddress(0));
        foreach (string signature in new[] { "FACP", "DSDT", "APIC", "GTDT", "SPCR" })
        {
            Assert.Matches($@"ACPI: {signature} 0x[0-9A-F]{{16}} [0-9A-F]{{6}} \(v\d\d BOCHS ", qemu);
            byte[] table = ours.Table(signature);
            Assert.Matches($@"ACPI: {signature} 0x[0-9A-F]{{16}} {table.Length:X6} \(v{table[AcpiTableHeader.RevisionOffset]:D2} ARMVSR ARMVIRT ", armvisor);
        }

        Assert.DoesNotMatch(new Regex("ACPI: (BOCHS|.*BXPC)"), armvisor);
        Assert.Contains($"{Marker} kernel=", armvisor, StringComparison.Ordinal);
        Assert.Equal(Line(qemu, Marker), Line(armvisor, Marker));
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
