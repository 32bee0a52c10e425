using System.CommandLine;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.State;
using Spectre.Console;

namespace Armvisor.Fleet.Commands;

/// <summary><c>armvisor fleet status</c>: the table of hosts from the store.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var command = new Command("status", "Print the fleet's hosts and their states.") { data };
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var settings = FleetSettings.Load(dataDirectory) ?? throw new FleetConfigurationException($"no fleet in {dataDirectory}");
            await using var store = HostStateStores.Open(settings.Store);
            var hosts = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            AnsiConsole.Write(FleetView.Hosts(hosts));
            AnsiConsole.WriteLine(FleetView.CountsLine(hosts));
            return hosts.Any(h => h.State == HostState.Failed) ? 1 : 0;
        }));
        return command;
    }
}
