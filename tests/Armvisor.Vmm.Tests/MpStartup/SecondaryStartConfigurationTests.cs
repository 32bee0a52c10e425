namespace Armvisor.Vmm.Tests.MpStartup;

/// <summary>The secondary start method: its validation and the machine it builds (the file's key: MachineConfigurationFileTests).</summary>
public sealed class SecondaryStartConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-secondary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Machine CreateAcpiMachine(SecondaryStartKind secondaryStart)
    {
        string kernel = Path.Combine(_directory, "Image");
        File.WriteAllBytes(kernel, ParkTestKernel.Build());
        return Machine.Create(new MachineConfiguration
        {
            KernelPath = kernel,
            Cpus = 2,
            MemoryBytes = 64UL << 20,
            FirmwareTables = FirmwareTables.Acpi,
            SecondaryStart = secondaryStart,
            Serial = new SerialConfiguration(SerialBackendKind.None),
        }, MachineRunner.DefaultEngine);
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
        using Machine machine = CreateAcpiMachine(SecondaryStartKind.Platform);

        Assert.Contains(MachineLayout.CpuReleaseController, machine.Bus.Ranges);
        Assert.True(machine.Bus.TryRead(MachineLayout.CpuReleaseController.Start, Arm64.AccessSize.Word, out ulong id));
        Assert.Equal(Devices.Platform.CpuReleaseController.Identification, id);
    }

    [Fact]
    public void Create_Psci_HasNoReleaseController()
    {
        using Machine machine = CreateAcpiMachine(SecondaryStartKind.Psci);

        Assert.Null(machine.CpuRelease);
        Assert.DoesNotContain(MachineLayout.CpuReleaseController, machine.Bus.Ranges);
    }
}
