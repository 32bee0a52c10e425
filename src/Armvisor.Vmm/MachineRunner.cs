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
        CancellationToken cancellationToken = default, Action<Machine>? ended = null) =>
        Run(configuration, loggerFactory, out _, cancellationToken, ended);

    /// <summary>
    /// The process exit code of a run: the <see cref="GuestOutcome"/>'s value, or the guest's own status when it ended
    /// with semihosting SYS_EXIT; with the outcome itself.
    /// </summary>
    public static (GuestOutcome Outcome, int ExitCode) RunToExit(MachineConfiguration configuration, ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default, Action<Machine>? ended = null)
    {
        GuestOutcome outcome = Run(configuration, loggerFactory, out int? status, cancellationToken, ended);
        return (outcome, outcome == GuestOutcome.GuestExitStatus && status is { } s ? s : (int)outcome);
    }

    private static GuestOutcome Run(MachineConfiguration configuration, ILoggerFactory loggerFactory, out int? exitStatus,
        CancellationToken cancellationToken, Action<Machine>? ended)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ILogger logger = loggerFactory.CreateLogger("Armvisor.Machine");
        configuration.Validate();
        using Gdb.GdbServer? gdb = configuration.GdbEndpoint is { } endpoint
            ? new Gdb.GdbServer(Gdb.GdbEndpoint.Parse(endpoint), loggerFactory.CreateLogger("Armvisor.Gdb"))
            : null;
        if (gdb is not null)
        {
            // The port goes to stderr even at the default log level: with tcp:...:0 it is how the user learns it.
            Console.Error.WriteLine($"armvisor: gdb stub listening on tcp:{gdb.LocalEndpoint.Address}:{gdb.LocalEndpoint.Port}"
                + (configuration.WaitForGdb ? " (waiting for gdb)" : ""));
        }

        while (true)
        {
            using Machine machine = Machine.Create(configuration, DefaultEngine, loggerFactory: loggerFactory);
            gdb?.Attach(machine.DebugController);
            GuestOutcome outcome = machine.Run(cancellationToken);
            gdb?.Attach(null);
            exitStatus = machine.GuestExitStatus;
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
