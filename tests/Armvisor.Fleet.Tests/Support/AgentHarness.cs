using System.Text.Json.Nodes;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Configuration;
using Armvisor.Fleet.Images;
using Armvisor.Fleet.Json;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>
/// One instance and its metadata, driven boot by boot in-process: for agent tests that control exactly what the
/// metadata service holds and when (late, corrupted, another instance's).
/// </summary>
public sealed class AgentHarness : IAsyncDisposable
{
    private AgentHarness(TempDirectory dir, ConfigurationSeal seal, MasterImage image, MetadataFixture metadata, RecordingSink sink)
    {
        Dir = dir;
        Seal = seal;
        Image = image;
        Metadata = metadata;
        Sink = sink;
    }

    public TempDirectory Dir { get; }

    public ConfigurationSeal Seal { get; }

    public MasterImage Image { get; }

    public MetadataFixture Metadata { get; }

    public RecordingSink Sink { get; }

    public static async Task<AgentHarness> StartAsync()
    {
        var dir = new TempDirectory();
        var seal = ConfigurationSeal.CreateSigningKey();
        var image = TestImage.Build(dir.Path, seal);
        var sink = new RecordingSink();
        var metadata = await MetadataFixture.StartAsync(events: sink);
        return new AgentHarness(dir, seal, image, metadata, sink);
    }

    public InstanceDisk NewDisk(string name) => InstanceDisk.Create(Image, Dir.Sub(name));

    public InstanceHardware Hardware(string instanceId, string address) => new(instanceId, address, Metadata.BaseAddress.ToString());

    /// <summary>Registers the instance; with a configuration, stores it sealed at armvisor/host-state.</summary>
    public void Register(string instanceId, string address, HostConfiguration? configuration, bool pending = true)
    {
        Metadata.AddInstance(instanceId, address);
        var patch = new JsonObject
        {
            ["secretPaths"] = new JsonArray("armvisor/host-state"),
            ["pendingPaths"] = pending ? new JsonArray("armvisor/host-state") : new JsonArray(),
        };
        Metadata.Registry.Patch(instanceId, patch);
        if (configuration is not null)
        {
            StoreConfiguration(instanceId, FleetJson.Serialize(Seal.Seal(configuration)));
        }
    }

    public void StoreConfiguration(string instanceId, string sealedJson) =>
        Metadata.Registry.Patch(instanceId, new JsonObject { ["metaData"] = new JsonObject { ["armvisor"] = new JsonObject { ["host-state"] = sealedJson } } });

    public static HostConfiguration Config(string instanceId, int index) => new HostTemplate().Generate($"host-{index:D4}", index, instanceId);

    public FirstBootAgent Agent(InstanceDisk disk, InstanceHardware hardware, TimeSpan? fetchTimeout = null, IReadOnlyList<string>? vmCommand = null) =>
        new(disk, hardware, new AgentOptions { FetchTimeout = fetchTimeout ?? TimeSpan.FromSeconds(20), VmCommand = vmCommand ?? TestImage.StandInVm, ReportTimeout = TimeSpan.FromSeconds(20) });

    /// <summary>Boots until the machine halts (the local machine loop, in-process); returns outcomes of every boot.</summary>
    public async Task<List<BootOutcome>> RunMachineAsync(InstanceDisk disk, InstanceHardware hardware, TimeSpan? fetchTimeout = null, IReadOnlyList<string>? vmCommand = null)
    {
        var outcomes = new List<BootOutcome>();
        while (true)
        {
            var outcome = await Agent(disk, hardware, fetchTimeout, vmCommand).BootAsync();
            outcomes.Add(outcome);
            if (outcome != BootOutcome.Reboot || outcomes.Count > 5)
            {
                return outcomes;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Metadata.DisposeAsync();
        Seal.Dispose();
        Dir.Dispose();
    }
}
