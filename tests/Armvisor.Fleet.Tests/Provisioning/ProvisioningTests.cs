using System.Net;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Json;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Provisioning;

/// <summary>
/// The tests of patents.md §7(e), end to end: daemon, metadata service on loopback, instances as real processes
/// booting the agent from their own copy-on-write copy of the master image (no network boot anywhere: test 6 holds
/// by construction).
/// </summary>
public sealed class ProvisioningTests
{
    [Fact]
    public async Task SingleHost_Provision_ExactlyTwoBootsAndMasterImageUnchanged()
    {
        await using var fleet = await TestFleet.StartAsync(subnet: 61);
        string masterId = fleet.Image.Id;
        var hosts = await fleet.ProvisionAsync(1);

        var host = Assert.Single(hosts);
        Assert.Equal(HostState.Provisioned, host.State);
        string instanceId = host.InstanceId!;
        Assert.Equal(2, fleet.Provider.Boots(instanceId));
        var disk = fleet.Provider.Disk(instanceId);
        Assert.Equal("armvisor-0001\n", File.ReadAllText(Path.Combine(disk.RunPath, "hostname")));
        Assert.Equal("10.0.0.1/16\n", File.ReadAllText(Path.Combine(disk.RunPath, "management-address")));
        Assert.Equal(instanceId, disk.ReadMarker()!.InstanceId);
        Assert.Contains("vm guest0 kernel guests/build/hello.elf", File.ReadAllText(Path.Combine(disk.RunPath, "vm-guest0.out")), StringComparison.Ordinal);
        Assert.Null(MasterImage.Verify(fleet.Image.Directory, masterId));
        Assert.Equal(masterId, MasterImage.Open(fleet.Image.Directory).Id);
        Assert.True(host.SecretsRevoked);
    }

    [Fact]
    public async Task Fleet_TenHostsFromOneImage_DistinctConfigurationsAndNoCrossReads()
    {
        await using var fleet = await TestFleet.StartAsync(subnet: 62);
        var hosts = await fleet.ProvisionAsync(10);

        Assert.All(hosts, h => Assert.Equal(HostState.Provisioned, h.State));
        var hostnames = hosts.Select(h => File.ReadAllText(Path.Combine(fleet.Provider.Disk(h.InstanceId!).RunPath, "hostname")).Trim()).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"armvisor-{i:D4}"), hostnames);
        Assert.Equal(10, hosts.Select(h => h.ConfigSha256).Distinct().Count());
        foreach (var h in hosts)
        {
            var installed = FleetJson.Deserialize<HostConfiguration>(File.ReadAllBytes(Path.Combine(fleet.Provider.Disk(h.InstanceId!).StatePath, InstanceDisk.ConfigFile)));
            Assert.Equal(h.InstanceId, installed.InstanceId);
            Assert.Equal(2, fleet.Provider.Boots(h.InstanceId!));
        }

        // An instance reaches only its own data: another's NoCloud seed is 404 and its token is refused elsewhere.
        using var first = LoopbackHttp.From(hosts[0].Address!, fleet.Metadata.BaseAddress);
        using var second = LoopbackHttp.From(hosts[1].Address!, fleet.Metadata.BaseAddress);
        Assert.Equal(HttpStatusCode.NotFound, (await first.GetAsync($"nocloud/{hosts[1].InstanceId}/meta-data")).StatusCode);
        string tokenOfFirst = await MetadataFixture.TokenAsync(first);
        Assert.Equal(HttpStatusCode.Unauthorized, (await MetadataFixture.GetAsync(second, "latest/meta-data/instance-id", tokenOfFirst)).Status);
        Assert.Equal(hosts[0].InstanceId, (await MetadataFixture.GetAsync(first, "latest/meta-data/instance-id", tokenOfFirst)).Body);

        // The master is shared (hard links to the same read-only files) and untouched.
        Assert.Null(MasterImage.Verify(fleet.Image.Directory, fleet.Image.Id));
        var masterFile = Path.Combine(fleet.Image.FilesPath, "bin", "Armvisor.Fleet.dll");
        var instanceFile = Path.Combine(fleet.Provider.Disk(hosts[0].InstanceId!).ImagePath, "files", "bin", "Armvisor.Fleet.dll");
        Assert.Equal(Inode(masterFile), Inode(instanceFile));
    }

    [Fact]
    public async Task ThirdBoot_ConfiguredHost_MakesNoMetadataRequest()
    {
        await using var fleet = await TestFleet.StartAsync(subnet: 63);
        var host = Assert.Single(await fleet.ProvisionAsync(1));
        long requestsBefore = fleet.Metadata.Statistics.Requests;

        await fleet.Provider.PowerOnAsync(host.InstanceId!);
        await Task.Delay(200);
        await fleet.WaitHaltedAsync([host.InstanceId!]);

        Assert.Equal(3, fleet.Provider.Boots(host.InstanceId!));
        Assert.Equal(0, fleet.Provider.HaltStatus(host.InstanceId!));
        Assert.Equal(requestsBefore, fleet.Metadata.Statistics.Requests);
    }

    [Fact]
    public async Task ClonedDisk_UnderNewInstanceId_ReprovisionedWithTwoBoots()
    {
        await using var harness = await AgentHarness.StartAsync();
        var original = harness.NewDisk("disk-a");
        var hardwareA = harness.Hardware("i-aaaaaaaaaaaaaaaa1", "127.9.4.2");
        harness.Register(hardwareA.InstanceId, hardwareA.Address, AgentHarness.Config(hardwareA.InstanceId, 1));
        Assert.Equal([BootOutcome.Reboot, BootOutcome.Halted], await harness.RunMachineAsync(original, hardwareA));

        var clone = original.CloneTo(harness.Dir.Sub("disk-b"));
        var hardwareB = harness.Hardware("i-bbbbbbbbbbbbbbbb2", "127.9.4.3");
        harness.Register(hardwareB.InstanceId, hardwareB.Address, AgentHarness.Config(hardwareB.InstanceId, 2));
        int bootsBefore = File.ReadAllLines(Path.Combine(clone.Root, "boot.log")).Length;

        Assert.Equal([BootOutcome.Reboot, BootOutcome.Halted], await harness.RunMachineAsync(clone, hardwareB));
        Assert.Equal(bootsBefore + 2, File.ReadAllLines(Path.Combine(clone.Root, "boot.log")).Length);
        Assert.Equal(hardwareB.InstanceId, clone.ReadMarker()!.InstanceId);
        Assert.Equal("armvisor-0002\n", File.ReadAllText(Path.Combine(clone.RunPath, "hostname")));
        Assert.Equal(hardwareA.InstanceId, original.ReadMarker()!.InstanceId);
    }

    private static long Inode(string path)
    {
        var stat = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(stat)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return long.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
