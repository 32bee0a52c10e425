using System.CommandLine;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Daemon;

namespace Armvisor.Fleet.Commands;

/// <summary><c>armvisor fleet daemon</c>: (re)start the control plane of an existing fleet and resume every host.</summary>
internal static class DaemonCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var noUi = CommonOptions.NoUi();
        var output = new OutputOptions();
        var statusListen = CommonOptions.StatusListen();
        var command = new Command("daemon", "Run the cloud daemon and metadata service of a fleet; resumes after a crash.") { data, noUi, statusListen };
        output.AddTo(command);
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var settings = FleetSettings.Load(dataDirectory) ?? throw new FleetConfigurationException($"no fleet in {dataDirectory} (run fleet up first)");
            await using var runtime = await FleetRuntime.StartAsync(dataDirectory, settings, statusListen: parse.GetValue(statusListen), cancellationToken: cancellationToken).ConfigureAwait(false);
            int exitCode = await DaemonRun.RunAsync(runtime, parse.GetValue(noUi), parse.GetValue(output.Format), parse.GetValue(output.Style), cancellationToken).ConfigureAwait(false);
            if (runtime.StatusPage is { } page)
            {
                // A daemon with a status page keeps serving it (and sampling the counts) until interrupted.
                await Console.Error.WriteLineAsync($"armvisor: fleet settled; serving {page.BaseAddress} until interrupted").ConfigureAwait(false);
                try
                {
                    while (true)
                    {
                        await Task.Delay(page.History.Interval, cancellationToken).ConfigureAwait(false);
                        page.History.Record(await runtime.Store.ListAsync(cancellationToken).ConfigureAwait(false));
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl-C: the report was printed; the exit code is the fleet's.
                }
            }

            return exitCode;
        }));
        return command;
    }
}
