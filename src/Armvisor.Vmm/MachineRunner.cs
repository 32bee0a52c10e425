using Armvisor.Engine;
using Armvisor.Engine.Interpreter;
using Armvisor.Firmware.DeviceTree;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>Runs a configuration to its end: builds the machine, runs it, rebuilds it on a guest reset unless --no-reboot.</summary>
public static class MachineRunner
{
    /// <summary>The default engine: the interpreter.</summary>
    public static Func<PartitionOptions, IEnginePartition> DefaultEngine { get; } = options => new InterpreterPartition(options);

    /// <param name="ended">Called after each boot's run, before its machine is disposed (its counters are still readable).</param>
    public static GuestOutcome Run(MachineConfiguration configuration, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default, Action<Machine>? ended = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ILogger logger = loggerFactory.CreateLogger("Armvisor.Machine");
        while (true)
        {
            using Machine machine = Machine.Create(configuration, DefaultEngine, loggerFactory: loggerFactory);
            GuestOutcome outcome = machine.Run(cancellationToken);
            ended?.Invoke(machine);
            if (outcome != GuestOutcome.Reset || configuration.NoReboot)
            {
                return outcome == GuestOutcome.Reset && machine.OutcomeReason.Contains("watchdog", StringComparison.Ordinal)
                    ? GuestOutcome.WatchdogReset
                    : outcome;
            }

            logger.LogInformation("Guest reset ({Reason}): rebooting", machine.OutcomeReason);
        }
    }

    /// <summary>The DTB a run of <paramref name="configuration"/> would hand the guest (dump-dtb).</summary>
    public static byte[] DeviceTreeFor(MachineConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.KernelPath is not null || configuration.Loaders.Count > 0)
        {
            using Machine machine = Machine.Create(configuration with { Serial = new SerialConfiguration(SerialBackendKind.None) }, DefaultEngine);
            return machine.DeviceTree;
        }

        return configuration.DtbPath is { } path
            ? DeviceTreePatcher.PatchChosen(Firmware.Loading.BootFile.Read(path, "device tree"), configuration.Append, null)
            : DeviceTreeBuilder.Build(Machine.Describe(configuration));
    }
}
