using System.Collections.Concurrent;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Providers;

/// <summary>
/// Instances as in-process machines (for the 1,000-host benchmark): the same disks, hardware files and agent as
/// <see cref="LocalProcessProvider"/>, but a boot is an agent run on a task and a reboot is a new agent run over the
/// same disk. The instances die with the process, so this provider is not for fault tests of the daemon.
/// </summary>
public sealed class InProcessProvider : LocalProviderBase
{
    private readonly ConcurrentDictionary<string, Task<BootOutcome>> _machines = new(StringComparer.Ordinal);
    private readonly AgentOptions _agentOptions;
    private readonly CancellationTokenSource _shutdown = new();

    public InProcessProvider(MasterImage image, LocalProviderOptions options, AgentOptions agentOptions) : base(image, options)
    {
        _agentOptions = agentOptions;
    }

    public override string Name => "in-process";

    public override Task StartAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _machines.GetOrAdd(instanceId, id => Task.Run(() => RunMachineAsync(id)));
        return Task.CompletedTask;
    }

    public override Task PowerOnAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        _machines[instanceId] = Task.Run(() => RunMachineAsync(instanceId));
        return Task.CompletedTask;
    }

    public override Task<InstancePower> DescribeAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var power = _machines.TryGetValue(instanceId, out var machine)
            ? machine.IsCompleted ? InstancePower.Halted : InstancePower.Running
            : Directory.Exists(InstanceDirectory(instanceId)) ? InstancePower.Allocated : InstancePower.Terminated;
        return Task.FromResult(power);
    }

    /// <summary>Waits until the instance halts; returns the last boot's outcome.</summary>
    public Task<BootOutcome> WaitAsync(string instanceId) => _machines[instanceId];

    public override async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_machines.Values).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Machines stopped by the shutdown.
        }

        _shutdown.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<BootOutcome> RunMachineAsync(string instanceId)
    {
        var disk = Disk(instanceId);
        var hardware = Hardware(instanceId);
        while (true)
        {
            var outcome = await new FirstBootAgent(disk, hardware, _agentOptions).BootAsync(_shutdown.Token).ConfigureAwait(false);
            if (outcome != BootOutcome.Reboot)
            {
                return outcome;
            }
        }
    }
}
