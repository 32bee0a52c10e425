using System.Globalization;
using Armvisor.Fleet.Output;
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
            table.AddRow(name, n.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    public static string CountsLine(IReadOnlyList<HostRecord> hosts) =>
        string.Join(' ', Enum.GetValues<HostState>().Select(s => $"{s}={hosts.Count(h => h.State == s)}"));

    /// <summary>The host table of <c>fleet status</c>: one row per host, states named as in the state machine.</summary>
    public static TextTable Hosts(IReadOnlyList<HostRecord> hosts)
    {
        var table = new TextTable("HOST", "INSTANCE", "ADDRESS", "STATE", "VERSION", "CONFIG", "PHASE", "REASON").RightAlign("VERSION");
        foreach (var h in hosts)
        {
            table.AddRow(
                (h.HostId, CellTone.None),
                (h.InstanceId ?? "-", CellTone.None),
                (h.Address ?? "-", CellTone.None),
                (h.State.ToString(), h.State switch { HostState.Provisioned => CellTone.Good, HostState.Failed => CellTone.Bad, _ => CellTone.None }),
                (h.Version.ToString(CultureInfo.InvariantCulture), CellTone.None),
                (h.ConfigSha256?[..12] ?? "-", CellTone.None),
                (h.FailedPhase ?? "-", CellTone.None),
                (h.Reason ?? "-", CellTone.None));
        }

        return table;
    }

    /// <summary>The failed hosts of a final report: host, phase, reason.</summary>
    public static TextTable Failures(IReadOnlyList<HostRecord> hosts)
    {
        var table = new TextTable("HOST", "INSTANCE", "PHASE", "REASON");
        foreach (var f in FailureDocument.Of(hosts))
        {
            table.AddRow(f.HostId, f.InstanceId ?? "-", f.Phase, f.Reason);
        }

        return table;
    }
}
