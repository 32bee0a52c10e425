using System.Diagnostics;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.Output;
using Armvisor.Fleet.State;
using Spectre.Console;

namespace Armvisor.Fleet.Commands;

/// <summary>
/// Runs a started fleet runtime to the end and prints its final report; exit 0 when every host is Provisioned.
/// Progress never goes to standard output: the live Spectre view when standard error is a terminal (and no
/// <c>--no-ui</c>), else one line per change of the counts on standard error. Standard output carries only the report.
/// </summary>
internal static class DaemonRun
{
    public static async Task<int> RunAsync(FleetRuntime runtime, bool noUi, OutputFormat format, TableStyle style, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (runtime.StatusPage is { } page)
        {
            await Console.Error.WriteLineAsync($"armvisor: fleet status page at {page.BaseAddress}").ConfigureAwait(false);
        }

        IReadOnlyList<HostRecord> final;
        if (noUi || !Terminal.StderrIsTerminal)
        {
            string last = string.Empty;
            runtime.Daemon.Progress += hosts =>
            {
                string line = FleetView.CountsLine(hosts);
                if (line != last)
                {
                    last = line;
                    Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.0}s {line}");
                }
            };
            final = await runtime.Daemon.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            IReadOnlyList<HostRecord> result = [];
            await Terminal.Stderr().Live(FleetView.Counts([], TimeSpan.Zero)).StartAsync(async context =>
            {
                runtime.Daemon.Progress += hosts =>
                {
                    context.UpdateTarget(FleetView.Counts(hosts, clock.Elapsed));
                    context.Refresh();
                };
                result = await runtime.Daemon.RunAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            final = result;
        }

        WriteReport(Console.Out, FleetUpDocument.From(final, clock.Elapsed), final, format, style, Terminal.StdoutIsTerminal);
        return final.All(h => h.State == HostState.Provisioned) ? 0 : 1;
    }

    /// <summary>The final report: a summary line and the failed hosts (table), the whole document (json) or one line per host (jsonl).</summary>
    public static void WriteReport(TextWriter stdout, FleetUpDocument report, IReadOnlyList<HostRecord> hosts, OutputFormat format, TableStyle style, bool isTerminal)
    {
        switch (format)
        {
            case OutputFormat.Json:
                OutputJson.WriteDocument(stdout, report);
                break;
            case OutputFormat.Jsonl:
                OutputJson.WriteLines(stdout, hosts.Select(h => HostDocument.From(h, withSchema: true)));
                break;
            default:
                stdout.WriteLine($"{report.Provisioned}/{report.Total} hosts provisioned in {report.ElapsedSeconds:0.0} s ({report.HostsPerMinute:0} hosts/min)");
                if (report.Failed > 0)
                {
                    FleetView.Failures(hosts).WriteTo(stdout, isTerminal, style);
                }

                break;
        }
    }
}
