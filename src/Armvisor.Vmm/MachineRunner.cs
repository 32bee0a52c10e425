using Armvisor.Engine;
using Armvisor.Engine.Interpreter;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Vmm.Control;
using Microsoft.Extensions.Logging;

namespace Armvisor.Vmm;

/// <summary>
/// Runs a configuration to its end: builds the machine (or restores it from a snapshot), runs it, rebuilds it on a guest
/// reset unless --no-reboot; with a control socket, serves QMP across those machines.
/// </summary>
public static class MachineRunner
{
    /// <summary>The default engine: the interpreter.</summary>
    public static Func<PartitionOptions, IEnginePartition> DefaultEngine { get; } = options => new InterpreterPartition(options);

    public static GuestOutcome Run(MachineConfiguration configuration, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default) =>
        Run(configuration, loggerFactory, new ControlOptions(), null, cancellationToken);

    /// <param name="configuration">The machine to boot; with <see cref="ControlOptions.RestorePath"/> it is taken from the snapshot instead.</param>
    /// <param name="adjustRestored">Applies the command line's host-side settings (serial, timeout...) to a restored configuration.</param>
    public static GuestOutcome Run(MachineConfiguration? configuration, ILoggerFactory loggerFactory, ControlOptions control,
        Func<MachineConfiguration, MachineConfiguration>? adjustRestored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(control);
        ILogger logger = loggerFactory.CreateLogger("Armvisor.Machine");
        using QmpServer? qmp = control.QmpSocket is { } socket ? QmpServer.Start(socket, loggerFactory.CreateLogger("Armvisor.Qmp")) : null;
        if (qmp is not null && control.WaitForClient)
        {
            logger.LogInformation("Waiting for a control client on {Path}", qmp.SocketPath);
            qmp.WaitForClient(cancellationToken);
        }

        string? restore = control.RestorePath;
        bool startPaused = control.StartPaused;
        while (true)
        {
            Machine machine = restore is not null
                ? Machine.Restore(restore, DefaultEngine, adjustRestored, loggerFactory: loggerFactory)
                : Machine.Create(configuration ?? throw new ArgumentNullException(nameof(configuration)), DefaultEngine, loggerFactory: loggerFactory);
            using (machine)
            {
                configuration = machine.Configuration;
                machine.StartPaused = startPaused;
                startPaused = false;
                restore = null;
                qmp?.Attach(machine);
                GuestOutcome outcome;
                try
                {
                    outcome = machine.Run(cancellationToken);
                }
                finally
                {
                    qmp?.Detach(machine);
                }

                if (qmp?.TakePendingRestore() is { } path)
                {
                    logger.LogInformation("Loading snapshot {Path}", path);
                    restore = path;
                    continue;
                }

                if (qmp?.QuitRequested == true)
                {
                    return GuestOutcome.PoweredOff;
                }

                if (outcome != GuestOutcome.Reset || configuration.NoReboot)
                {
                    return outcome == GuestOutcome.Reset && machine.OutcomeReason.Contains("watchdog", StringComparison.Ordinal)
                        ? GuestOutcome.WatchdogReset
                        : outcome;
                }

                logger.LogInformation("Guest reset ({Reason}): rebooting", machine.OutcomeReason);
            }
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
