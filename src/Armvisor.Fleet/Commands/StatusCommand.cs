using System.CommandLine;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Output;
using Armvisor.Fleet.State;

namespace Armvisor.Fleet.Commands;

/// <summary><c>armvisor fleet status</c>: the hosts from the store, as a table or JSON (exit 1 when a host failed).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var output = new OutputOptions();
        var command = new Command("status", "Print the fleet's hosts and their states.") { data };
        output.AddTo(command);
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            var settings = FleetSettings.Load(dataDirectory) ?? throw new FleetConfigurationException($"no fleet in {dataDirectory}");
            await using var store = HostStateStores.Open(settings.Store);
            var hosts = await store.ListAsync(cancellationToken).ConfigureAwait(false);
            Write(Console.Out, hosts, parse.GetValue(output.Format), parse.GetValue(output.Style), Terminal.StdoutIsTerminal);
            return hosts.Any(h => h.State == HostState.Failed) ? 1 : 0;
        }));
        return command;
    }

    /// <summary>
    /// Prints <paramref name="hosts"/> as <paramref name="format"/>. A table in a pipe holds only the header and one line
    /// per host (the per-state counts go to stderr), so <c>grep</c> and <c>wc -l</c> count hosts.
    /// </summary>
    public static void Write(TextWriter stdout, IReadOnlyList<HostRecord> hosts, OutputFormat format, TableStyle style, bool isTerminal)
    {
        switch (format)
        {
            case OutputFormat.Json:
                OutputJson.WriteDocument(stdout, FleetStatusDocument.From(hosts, DateTimeOffset.UtcNow));
                break;
            case OutputFormat.Jsonl:
                OutputJson.WriteLines(stdout, hosts.Select(h => HostDocument.From(h, withSchema: true)));
                break;
            default:
                FleetView.Hosts(hosts).WriteTo(stdout, isTerminal, style);
                (isTerminal ? stdout : Console.Error).WriteLine(FleetView.CountsLine(hosts));
                break;
        }
    }
}
