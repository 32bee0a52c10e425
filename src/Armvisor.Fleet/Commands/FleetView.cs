using Armvisor.Fleet.State;
using Spectre.Console;

namespace Armvisor.Fleet.Commands;

/// <summary>Renders hosts: the per-state counts (live during <c>fleet up</c>) and the <c>fleet status</c> table.</summary>
internal static class FleetView
{
    public static Table Counts(IReadOnlyList<HostRecord> hosts, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"fleet: {hosts.Count} hosts, {elapsed.TotalSeconds:0.0} s");
        table.AddColumn("state");
        table.AddColumn(new TableColumn("hosts").RightAligned());
        foreach (var state in Enum.GetValues<HostState>())
        {
            int n = hosts.Count(h => h.State == state);
            string name = state switch
            {
                HostState.Provisioned => "[green]Provisioned[/]",
                HostState.Failed => n > 0 ? "[red]Failed[/]" : "Failed",
                _ => state.ToString(),
            };
            table.AddRow(name, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return table;
    }

    public static string CountsLine(IReadOnlyList<HostRecord> hosts) =>
        string.Join(' ', Enum.GetValues<HostState>().Select(s => $"{s}={hosts.Count(h => h.State == s)}"));

    public static Table Hosts(IReadOnlyList<HostRecord> hosts)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "host", "instance", "address", "state", "version", "config", "phase", "reason" })
        {
            table.AddColumn(column);
        }

        foreach (var h in hosts)
        {
            table.AddRow(
                Markup.Escape(h.HostId),
                Markup.Escape(h.InstanceId ?? "-"),
                Markup.Escape(h.Address ?? "-"),
                h.State switch { HostState.Provisioned => "[green]Provisioned[/]", HostState.Failed => "[red]Failed[/]", var s => s.ToString() },
                h.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(h.ConfigSha256?[..12] ?? "-"),
                Markup.Escape(h.FailedPhase ?? "-"),
                Markup.Escape(h.Reason ?? "-"));
        }

        return table;
    }
}
