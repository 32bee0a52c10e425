using System.Text;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Json;
using Armvisor.Fleet.State;
using Armvisor.Fleet.Tests.Support;

namespace Armvisor.Fleet.Tests.Provisioning;

/// <summary>
/// The first-boot gate (patents.md §7(e) 3 and 5): a late configuration is waited for with backoff, a missing one
/// times out with a reason, a corrupted one is rejected; none of them boots the host half-configured.
/// </summary>
public sealed class AgentGateTests
{
    [Fact]
    public async Task BootAsync_ConfigurationLate_RetriesThenInstallsWithoutEarlyReboot()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-late0000000000001", "127.9.5.2");
        harness.Register(hardware.InstanceId, hardware.Address, configuration: null);
        var agent = harness.Agent(disk, hardware);

        var boot = agent.BootAsync();
        await Task.Delay(1500);
        Assert.False(boot.IsCompleted);
        Assert.Null(disk.ReadMarker());
        harness.StoreConfiguration(hardware.InstanceId, FleetJson.Serialize(harness.Seal.Seal(AgentHarness.Config(hardware.InstanceId, 1))));

        Assert.Equal(BootOutcome.Reboot, await boot);
        Assert.True(agent.MetadataRequests > 3, $"{agent.MetadataRequests} requests");
        Assert.Single(File.ReadAllLines(Path.Combine(disk.Root, "boot.log")));
        Assert.Equal(hardware.InstanceId, disk.ReadMarker()!.InstanceId);
        Assert.Contains(harness.Sink.Events, e => e.Event.Phase == HostPhases.ConfigInstalled);
    }

    [Fact]
    public async Task BootAsync_ConfigurationNeverStored_FailsWithReasonAndStaysMaster()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-never000000000001", "127.9.5.3");
        harness.Register(hardware.InstanceId, hardware.Address, configuration: null);

        var outcomes = await harness.RunMachineAsync(disk, hardware, TimeSpan.FromSeconds(1.5));

        Assert.Equal([BootOutcome.Failed], outcomes);
        Assert.Null(disk.ReadMarker());
        var failure = Assert.Single(harness.Sink.Events, e => e.Event.Phase == HostPhases.Failed).Event;
        Assert.Equal(HostPhases.Fetch, failure.FailedPhase);
        Assert.Contains("not available after 1.5 s: HTTP 503", failure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootAsync_CorruptedConfiguration_RejectedAndHostNeverBootsConfigured()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-corrupt0000000001", "127.9.5.4");
        harness.Register(hardware.InstanceId, hardware.Address, configuration: null);
        var good = harness.Seal.Seal(AgentHarness.Config(hardware.InstanceId, 1));
        byte[] body = Convert.FromBase64String(good.Body);
        body[body.Length / 2] ^= 0x20;
        harness.StoreConfiguration(hardware.InstanceId, FleetJson.Serialize(good with { Body = Convert.ToBase64String(body) }));

        var outcomes = await harness.RunMachineAsync(disk, hardware);

        Assert.Equal([BootOutcome.Failed], outcomes);
        Assert.Null(disk.ReadMarker());
        Assert.False(File.Exists(Path.Combine(disk.RunPath, "hostname")));
        var failure = Assert.Single(harness.Sink.Events, e => e.Event.Phase == HostPhases.Failed).Event;
        Assert.Equal(HostPhases.Verify, failure.FailedPhase);
        Assert.Equal("configuration sha256 mismatch", failure.Detail);
    }

    [Fact]
    public async Task BootAsync_ConfigurationOfAnotherInstance_Rejected()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-mine0000000000001", "127.9.5.5");
        harness.Register(hardware.InstanceId, hardware.Address, AgentHarness.Config("i-other000000000001", 1));

        Assert.Equal([BootOutcome.Failed], await harness.RunMachineAsync(disk, hardware));
        Assert.Null(disk.ReadMarker());
    }

    [Fact]
    public async Task BootAsync_ModifiedImageFile_FailsImageCheck()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        var hardware = harness.Hardware("i-image000000000001", "127.9.5.6");
        harness.Register(hardware.InstanceId, hardware.Address, AgentHarness.Config(hardware.InstanceId, 1));
        // Replace (not modify in place: the file is a hard link to the read-only master) one file of the instance's copy.
        string file = Path.Combine(disk.ImagePath, "files", Images.ImageDefaults.RelativePath);
        File.Delete(file);
        File.WriteAllText(file, """{"metadataUrl":"http://203.0.113.1/"}""");

        Assert.Equal([BootOutcome.Failed], await harness.RunMachineAsync(disk, hardware));
        var failure = Assert.Single(harness.Sink.Events, e => e.Event.Phase == HostPhases.Failed).Event;
        Assert.Equal(HostPhases.ImageCheck, failure.FailedPhase);
        Assert.Null(disk.ReadMarker());
    }

    [Fact]
    public async Task InstallState_InterruptedBeforeSwap_LeavesMasterState()
    {
        await using var harness = await AgentHarness.StartAsync();
        var disk = harness.NewDisk("disk");
        // A crash after the new generation was written but before the symlink swap: the generation exists, unused.
        Directory.CreateDirectory(Path.Combine(disk.Root, "state.1"));
        File.WriteAllText(Path.Combine(disk.Root, "state.1", "installed.json"), "{ partial");
        Assert.Null(disk.ReadMarker());

        disk.InstallState(new Dictionary<string, byte[]> { ["x"] = Encoding.UTF8.GetBytes("y") }, new Images.InstalledMarker("i-1", "00", "img", DateTimeOffset.UtcNow));
        Assert.Equal("i-1", disk.ReadMarker()!.InstanceId);
        Assert.Equal("y", disk.ReadStateFile("x"));
    }
}
