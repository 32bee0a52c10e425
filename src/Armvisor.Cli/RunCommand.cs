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
        var exitSummary = new Option<string?>("--exit-summary") { Description = "After the run, print how it ended on stderr: text, or json (one line, docs/schemas/run-exit-summary.v1.schema.json)", HelpName = "json|text" };
        exitSummary.AcceptOnlyFromAmong("json", "text");
        var exitSummaryFile = new Option<FileInfo?>("--exit-summary-file") { Description = "Write the exit summary to this file instead of stderr (json unless --exit-summary text)" };
        var command = new Command("run", "Run a guest on the virt machine");
        options.AddTo(command);
        command.Options.Add(logLevel);
        command.Options.Add(exitSummary);
        command.Options.Add(exitSummaryFile);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            Vmm.Control.ControlOptions control = options.ToControlOptions(result);
            if (control.RestorePath is not null)
            {
                Func<MachineConfiguration, MachineConfiguration> adjust = options.RestoreAdjustment(result);
                using ILoggerFactory restoreLogging = HostLogging.Create(HostLogging.ParseLevel(result.GetValue(logLevel)), result.GetValue(options.Trace) ?? []);
                return MachineRunner.RunToExit(null, restoreLogging, control, adjust).ExitCode;
            }

            MachineConfiguration config = options.ToConfiguration(result);
            using ILoggerFactory logging = HostLogging.Create(HostLogging.ParseLevel(result.GetValue(logLevel)), config.Trace);
            FileInfo? summaryFile = result.GetValue(exitSummaryFile);
            string? summaryFormat = result.GetValue(exitSummary) ?? (summaryFile is null ? null : "json");
            if (summaryFormat is null)
            {
                return MachineRunner.RunToExit(config, logging, control).ExitCode;
            }

            var recorder = new ExitSummaryRecorder();
            (GuestOutcome outcome, int exitCode) = MachineRunner.RunToExit(config, logging, control, ended: recorder.BootEnded);
            string summary = ExitSummaryWriter.Format(recorder.Finish(outcome), summaryFormat);
            if (summaryFile is null)
            {
                Console.Error.Write(summary);
            }
            else
            {
                File.WriteAllText(summaryFile.FullName, summary);
            }

            return exitCode;
        }));
        return command;
    }
}
