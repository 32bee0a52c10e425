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
        var command = new Command("daemon", "Run the cloud daemon and metadata service of a fleet; resumes after a crash.") { data, noUi };
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var settings = FleetSettings.Load(dataDirectory) ?? throw new FleetConfigurationException($"no fleet in {dataDirectory} (run fleet up first)");
            await using var runtime = await FleetRuntime.StartAsync(dataDirectory, settings, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await DaemonRun.RunAsync(runtime, parse.GetValue(noUi), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }
}
