namespace Armvisor.Vmm.Tests;

/// <summary>The /chosen rng-seed a boot gets (Machine.BootRandomness): fresh per boot, fixed with --deterministic.</summary>
public sealed class BootRandomnessTests
{
    [Fact]
    public void BootRandomness_DefaultMachine_Fresh32BytesEachBoot()
    {
        var configuration = new MachineConfiguration();

        byte[] first = Machine.BootRandomness(configuration);
        byte[] second = Machine.BootRandomness(configuration);

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void BootRandomness_Deterministic_SameBytesEveryRun()
    {
        var configuration = new MachineConfiguration { Deterministic = true };

        Assert.Equal(Machine.BootRandomness(configuration), Machine.BootRandomness(configuration));
        Assert.Equal(32, Machine.BootRandomness(configuration).Length);
    }
}
