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

    /// <param name="ended">Called after each boot's run, before its machine is disposed (its counters are still readable).</param>
    public static GuestOutcome Run(MachineConfiguration configuration, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default, Action<Machine>? ended = null) =>
        RunCore(configuration, loggerFactory, new ControlOptions(), null, out _, cancellationToken, ended);

    /// <param name="configuration">The machine to boot; with <see cref="ControlOptions.RestorePath"/> it is taken from the snapshot instead.</param>
    /// <param name="adjustRestored">Applies the command line's host-side settings (serial, timeout...) to a restored configuration.</param>
    public static GuestOutcome Run(MachineConfiguration? configuration, ILoggerFactory loggerFactory, ControlOptions control,
        Func<MachineConfiguration, MachineConfiguration>? adjustRestored, CancellationToken cancellationToken = default) =>
        RunCore(configuration, loggerFactory, control, adjustRestored, out _, cancellationToken, null);

    /// <summary>
    /// The process exit code of a run: the <see cref="GuestOutcome"/>'s value, or the guest's own status when it ended
    /// with semihosting SYS_EXIT; with the outcome itself.
    /// </summary>
    public static (GuestOutcome Outcome, int ExitCode) RunToExit(MachineConfiguration? configuration, ILoggerFactory loggerFactory,
        ControlOptions? control = null, Func<MachineConfiguration, MachineConfiguration>? adjustRestored = null,
        Action<Machine>? ended = null, CancellationToken cancellationToken = default)
    {
        GuestOutcome outcome = RunCore(configuration, loggerFactory, control ?? new ControlOptions(), adjustRestored, out int? status,
            cancellationToken, ended);
        return (outcome, outcome == GuestOutcome.GuestExitStatus && status is { } s ? s : (int)outcome);
    }

    private static GuestOutcome RunCore(MachineConfiguration? configuration, ILoggerFactory loggerFactory, ControlOptions control,
        Func<MachineConfiguration, MachineConfiguration>? adjustRestored, out int? exitStatus, CancellationToken cancellationToken,
        Action<Machine>? ended)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(control);
        ILogger logger = loggerFactory.CreateLogger("Armvisor.Machine");
        configuration?.Validate();
        using Gdb.GdbServer? gdb = configuration?.GdbEndpoint is { } endpoint
            ? new Gdb.GdbServer(Gdb.GdbEndpoint.Parse(endpoint), loggerFactory.CreateLogger("Armvisor.Gdb"))
            : null;
        if (gdb is not null)
        {
            // The port goes to stderr even at the default log level: with tcp:...:0 it is how the user learns it.
            Console.Error.WriteLine($"armvisor: gdb stub listening on tcp:{gdb.LocalEndpoint.Address}:{gdb.LocalEndpoint.Port}"
                + (configuration!.WaitForGdb ? " (waiting for gdb)" : ""));
        }

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
                gdb?.Attach(machine.DebugController);
                GuestOutcome outcome;
                try
                {
                    outcome = machine.Run(cancellationToken);
                }
                finally
                {
                    gdb?.Attach(null);
                    qmp?.Detach(machine);
                }

                exitStatus = machine.GuestExitStatus;
                ended?.Invoke(machine);
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
