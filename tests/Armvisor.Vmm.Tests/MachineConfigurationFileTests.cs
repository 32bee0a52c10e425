namespace Armvisor.Vmm.Tests;

public sealed class MachineConfigurationFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("armvisor-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(_directory, "machine.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Load_FullFile_SaysWhatTheCommandLineSays()
    {
        string path = Write("""
            {
              // comments and trailing commas are allowed
              "kernel": "Image", "initrd": "initrd.gz", "append": "console=ttyAMA0",
              "cpus": 4, "memory": "1G", "drives": ["file=disk.img,readonly"], "serial": "tcp:4444",
              "deterministic": true, "firmwareTables": "acpi", "el2": false, "timeoutSeconds": 30, "noReboot": true,
            }
            """);

        MachineConfiguration config = MachineConfigurationFile.Load(path);

        Assert.Equal(Path.Combine(_directory, "Image"), config.KernelPath);
        Assert.Equal(Path.Combine(_directory, "initrd.gz"), config.InitrdPath);
        Assert.Equal("console=ttyAMA0", config.Append);
        Assert.Equal(4, config.Cpus);
        Assert.Equal(1UL << 30, config.MemoryBytes);
        DriveConfiguration drive = Assert.Single(config.Drives);
        Assert.Equal(Path.Combine(_directory, "disk.img"), drive.Path);
        Assert.True(drive.ReadOnly);
        Assert.Equal(new SerialConfiguration(SerialBackendKind.Tcp, Port: 4444), config.Serial);
        Assert.True(config.Deterministic);
        Assert.Equal(FirmwareTables.Acpi, config.FirmwareTables);
        Assert.False(config.HasEl2);
        Assert.True(config.HasEl3);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Timeout);
        Assert.True(config.NoReboot);
    }

    [Theory]
    [InlineData("{ \"kernel\": ", "machine.json")]
    [InlineData("{ \"kernal\": \"Image\" }", "kernal")]
    [InlineData("{ \"memory\": \"lots\" }", "memory")]
    [InlineData("{ \"firmwareTables\": \"uefi\" }", "firmware tables")]
    public void Load_BadFile_ThrowsOneLineConfigurationError(string json, string expected)
    {
        var error = Assert.Throws<MachineConfigurationException>(() => MachineConfigurationFile.Load(Write(json)));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysNotFound()
    {
        var error = Assert.Throws<MachineConfigurationException>(() => MachineConfigurationFile.Load(Path.Combine(_directory, "none.json")));

        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
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
}
