using Armvisor.Firmware.Acpi.TableLoader;

namespace Armvisor.Vmm.Tests.FirmwareBoot;

/// <summary>A firmware boot's fw_cfg carries the machine's ACPI tables in QEMU's linker/loader form (issue 18).</summary>
public sealed class FirmwareBootAcpiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-fwacpi-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private MachineConfiguration FirmwareBoot(int cpus)
    {
        string bios = Path.Combine(_directory, "bios.fd");
        File.WriteAllBytes(bios, new byte[4096]);
        return new MachineConfiguration
        {
            BiosPath = bios,
            Cpus = cpus,
            MemoryBytes = 64UL << 20,
            Serial = new SerialConfiguration(SerialBackendKind.None),
        };
    }

    [Fact]
    public void Create_Bios_FwCfgHasRsdpTablesAndLoaderOfThisMachine()
    {
        MachineConfiguration configuration = FirmwareBoot(cpus: 3);
        using Machine machine = Machine.Create(configuration, MachineRunner.DefaultEngine);

        Dictionary<string, byte[]> files = machine.FwCfg!.Files.ToDictionary(f => f.Name, f => f.Contents);
        FwCfgAcpiTables expected = FwCfgAcpiTables.Build(Machine.Describe(configuration));
        Assert.Equal(expected.Rsdp, files[FwCfgAcpiTables.RsdpFile]);
        Assert.Equal(expected.Tables, files[FwCfgAcpiTables.TablesFile]);
        Assert.Equal(expected.Loader, files[FwCfgAcpiTables.LoaderFile]);
    }

    [Fact]
    public void Validate_AcpiFirmwareTablesWithBios_IsAConfigurationError()
    {
        MachineConfiguration configuration = FirmwareBoot(cpus: 1) with { FirmwareTables = FirmwareTables.Acpi };

        var error = Assert.Throws<MachineConfigurationException>(configuration.Validate);

        Assert.Contains("fw_cfg", error.Message, StringComparison.Ordinal);
    }
}
