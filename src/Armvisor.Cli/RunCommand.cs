using System.CommandLine;
using Armvisor.Vmm;
using Microsoft.Extensions.Logging;

namespace Armvisor.Cli;

/// <summary><c>armvisor run</c>: build the virt machine and run the guest; the exit code says how it ended (<see cref="GuestOutcome"/>).</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var options = new RunOptions();
        var logLevel = new Option<string?>("--log-level") { Description = "error, warning (default), info, debug or trace" };
        var command = new Command("run", "Run a guest on the virt machine");
        options.AddTo(command);
        command.Options.Add(logLevel);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            Vmm.Control.ControlOptions control = options.ToControlOptions(result);
            if (control.RestorePath is not null)
            {
                Func<MachineConfiguration, MachineConfiguration> adjust = options.RestoreAdjustment(result);
                using ILoggerFactory restoreLogging = HostLogging.Create(HostLogging.ParseLevel(result.GetValue(logLevel)), result.GetValue(options.Trace) ?? []);
                return (int)MachineRunner.Run(null, restoreLogging, control, adjust);
            }

            MachineConfiguration config = options.ToConfiguration(result);
            using ILoggerFactory logging = HostLogging.Create(HostLogging.ParseLevel(result.GetValue(logLevel)), config.Trace);
            return (int)MachineRunner.Run(config, logging, control, null);
        }));
        return command;
    }
}
