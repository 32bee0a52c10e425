namespace Armvisor.Vmm.Tests.Scheduling;

/// <summary>What the M:N scheduler (--host-threads) refuses, as one configuration line.</summary>
public class SchedulerConfigurationTests
{
    [Fact]
    public void Validate_GdbWithHostThreads_ThrowsConfigurationError()
    {
        var configuration = new MachineConfiguration { KernelPath = "x.elf", Cpus = 2, HostThreads = 1, GdbEndpoint = "tcp::1234" };

        MachineConfigurationException e = Assert.Throws<MachineConfigurationException>(configuration.Validate);
        Assert.Contains("--gdb cannot be combined with --host-threads", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Validate_HostThreadsOutsideOneToCpus_ThrowsConfigurationError(int threads)
    {
        var configuration = new MachineConfiguration { KernelPath = "x.elf", Cpus = 2, HostThreads = threads };

        MachineConfigurationException e = Assert.Throws<MachineConfigurationException>(configuration.Validate);
        Assert.Contains($"bad --host-threads {threads}", e.Message, StringComparison.Ordinal);
    }
}
