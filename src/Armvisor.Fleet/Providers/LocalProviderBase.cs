using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Providers;

/// <summary>
/// Allocation shared by the local providers: an instance is a directory holding its hardware description
/// (<c>hardware.json</c>: id, address, metadata URL) and its disk, a copy-on-write copy of the master image.
/// </summary>
public abstract class LocalProviderBase : IInstanceProvider
{
    protected LocalProviderBase(MasterImage image, LocalProviderOptions options)
    {
        Image = image;
        Options = options;
        Directory.CreateDirectory(options.InstancesRoot);
    }

    public abstract string Name { get; }

    public MasterImage Image { get; }

    public LocalProviderOptions Options { get; }

    public string InstanceDirectory(string instanceId) => Path.Combine(Options.InstancesRoot, instanceId);

    public InstanceDisk Disk(string instanceId) => new(Path.Combine(InstanceDirectory(instanceId), "disk"));

    public Task<InstanceAllocation> AllocateAsync(string hostId, int index, CancellationToken cancellationToken = default)
    {
        string instanceId = InstanceIds.For(Options.Fleet, hostId);
        var address = LoopbackAddresses.For(Options.Subnet, index);
        string directory = InstanceDirectory(instanceId);
        try
        {
            Directory.CreateDirectory(directory);
            InstanceDisk.Create(Image, Path.Combine(directory, "disk"));
            string hardware = Path.Combine(directory, InstanceHardware.FileName);
            if (!File.Exists(hardware))
            {
                new InstanceHardware(instanceId, address.ToString(), Options.MetadataUrl.ToString()).Save(hardware + ".tmp");
                File.Move(hardware + ".tmp", hardware, overwrite: true);
            }
        }
        catch (IOException e)
        {
            throw new ProviderException($"allocate {instanceId}: {e.Message}", e);
        }

        return Task.FromResult(new InstanceAllocation(instanceId, address));
    }

    /// <summary>Boots of the instance so far (lines of its disk's boot log).</summary>
    public int Boots(string instanceId)
    {
        string log = Path.Combine(InstanceDirectory(instanceId), "disk", "boot.log");
        return File.Exists(log) ? File.ReadAllLines(log).Length : 0;
    }

    public InstanceHardware Hardware(string instanceId) =>
        InstanceHardware.Load(Path.Combine(InstanceDirectory(instanceId), InstanceHardware.FileName));

    public abstract Task StartAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Powers a halted instance on again (a later boot); unlike <see cref="StartAsync"/> it always boots.</summary>
    public abstract Task PowerOnAsync(string instanceId, CancellationToken cancellationToken = default);

    public abstract Task<InstancePower> DescribeAsync(string instanceId, CancellationToken cancellationToken = default);

    public virtual Task TerminateAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        string directory = InstanceDirectory(instanceId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
