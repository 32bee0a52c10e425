using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Provisioning;

/// <summary>
/// Issue 8: the second boot starts the host's VMs on Armvisor itself — here the real armvisor executable built from
/// this repository (src/Armvisor.Cli, Release) running the bare-metal hello guest (make -C guests).
/// </summary>
public sealed class RealVmTests
{
    private static string RepositoryRoot
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.slnx")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("repository root not found");
        }
    }

    [Fact]
    public async Task SecondBoot_RealArmvisor_RunsTheHostsBareMetalGuest()
    {
        string armvisor = Path.Combine(RepositoryRoot, "src", "Armvisor.Cli", "bin", "Release", "net10.0", "armvisor.dll");
        string guest = Path.Combine(RepositoryRoot, "guests", "build", "hello.elf");
        Assert.True(File.Exists(armvisor), $"{armvisor} not built (dotnet build -c Release)");
        Assert.True(File.Exists(guest), $"{guest} not built (make -C guests)");
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-realvm0000000001", "127.9.6.2");
        var configuration = AgentHarness.Config(hardware.InstanceId, 1) with { Vms = [new Armvisor.Fleet.Configuration.VmSpec("guest0", guest)] };
        harness.Register(hardware.InstanceId, hardware.Address, configuration);
        string[] vmCommand = ["dotnet", armvisor, "run", "--kernel", "{kernel}", "--memory", "{memory}M", "--cpus", "{cpus}",
            "--serial", "file:{run}/vm-{name}.console", "--timeout", "60"];

        List<BootOutcome> outcomes = await harness.RunMachineAsync(disk, hardware, vmCommand: vmCommand);

        Assert.Equal([BootOutcome.Reboot, BootOutcome.Halted], outcomes);
        string console = File.ReadAllText(Path.Combine(disk.RunPath, "vm-guest0.console"));
        Assert.Contains("Hello from a bare-metal AArch64 guest", console, StringComparison.Ordinal);
        Assert.Contains("PSCI version 1.1", console, StringComparison.Ordinal);
    }
}
