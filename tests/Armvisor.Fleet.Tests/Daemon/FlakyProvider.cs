using System.Net;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Providers;

namespace Armvisor.Fleet.Tests.Daemon;

/// <summary>A provider whose Start fails a given number of times per instance; started instances stay Running.</summary>
public sealed class FlakyProvider(int startFailures) : IInstanceProvider
{
    private readonly Dictionary<string, int> _failures = [];

    public List<string> Started { get; } = [];

    /// <summary>When set, each successful start records whether the instance's metadata was already published.</summary>
    public Armvisor.Fleet.Metadata.MetadataRegistry? Registry { get; init; }

    public List<bool> MetadataPublishedAtStart { get; } = [];

    public string Name => "flaky";

    public Task<InstanceAllocation> AllocateAsync(string hostId, int index, CancellationToken cancellationToken = default) =>
        Task.FromResult(new InstanceAllocation(InstanceIds.For("flaky", hostId), LoopbackAddresses.For(90, index)));

    public Task StartAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_failures)
        {
            int failed = _failures.GetValueOrDefault(instanceId);
            if (failed < startFailures)
            {
                _failures[instanceId] = failed + 1;
                throw new ProviderException($"capacity not available for {instanceId}");
            }

            Started.Add(instanceId);
            MetadataPublishedAtStart.Add(Registry?.Get(instanceId) is not null);
        }

        return Task.CompletedTask;
    }

    public Task<InstancePower> DescribeAsync(string instanceId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Started.Contains(instanceId) ? InstancePower.Running : InstancePower.Allocated);

    public Task TerminateAsync(string instanceId, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
