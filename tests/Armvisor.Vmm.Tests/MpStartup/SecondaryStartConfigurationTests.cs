namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>The secondary start method in the configuration file and its validation.</summary>
public sealed class SecondaryStartConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-secondary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_directory, "machine.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_SecondaryStartPlatform_IsPlatform()
    {
        MachineConfiguration config = MachineConfigurationFile.Load(Write("""{ "firmwareTables": "acpi", "secondaryStart": "platform" }"""));

        Assert.Equal(SecondaryStartKind.Platform, config.SecondaryStart);
    }

    [Fact]
    public void Load_NoSecondaryStart_IsPsci()
    {
        Assert.Equal(SecondaryStartKind.Psci, MachineConfigurationFile.Load(Write("{}")).SecondaryStart);
    }

    [Fact]
    public void Load_UnknownSecondaryStart_IsAConfigurationError()
    {
        var error = Assert.Throws<MachineConfigurationException>(() => MachineConfigurationFile.Load(Write("""{ "secondaryStart": "spin-table" }""")));

        Assert.Contains("spin-table", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlatformWithDeviceTree_IsAConfigurationError()
    {
        string kernel = Path.Combine(_directory, "Image");
        File.WriteAllBytes(kernel, [0]);
        var config = new MachineConfiguration { KernelPath = kernel, SecondaryStart = SecondaryStartKind.Platform };

        var error = Assert.Throws<MachineConfigurationException>(config.Validate);

        Assert.Contains("--firmware-tables acpi", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Platform_MapsTheReleaseControllerAtItsLayoutAddress()
    {
        string kernel = Path.Combine(_directory, "Image");
        File.WriteAllBytes(kernel, ParkTestKernel.Build());
        using Machine machine = Machine.Create(new MachineConfiguration
        {
            KernelPath = kernel,
            Cpus = 2,
            MemoryBytes = 64UL << 20,
            FirmwareTables = FirmwareTables.Acpi,
            SecondaryStart = SecondaryStartKind.Platform,
            Serial = new SerialConfiguration(SerialBackendKind.None),
        }, MachineRunner.DefaultEngine);

        Assert.Contains(MachineLayout.CpuReleaseController, machine.Bus.Ranges);
        Assert.True(machine.Bus.TryRead(MachineLayout.CpuReleaseController.Start, Arm64.AccessSize.Word, out ulong id));
        Assert.Equal(Devices.Platform.CpuReleaseController.Identification, id);
    }

    [Fact]
    public void Create_Psci_HasNoReleaseController()
    {
        string kernel = Path.Combine(_directory, "Image");
        File.WriteAllBytes(kernel, ParkTestKernel.Build());
        using Machine machine = Machine.Create(new MachineConfiguration
        {
            KernelPath = kernel,
            Cpus = 2,
            MemoryBytes = 64UL << 20,
            FirmwareTables = FirmwareTables.Acpi,
            Serial = new SerialConfiguration(SerialBackendKind.None),
        }, MachineRunner.DefaultEngine);

        Assert.Null(machine.CpuRelease);
        Assert.DoesNotContain(MachineLayout.CpuReleaseController, machine.Bus.Ranges);
    }
}
