using System.Diagnostics;
using Armvisor.Fleet.Daemon;
using Armvisor.Fleet.State;
using Spectre.Console;

namespace Armvisor.Fleet.Commands;

/// <summary>Runs a started fleet runtime to the end with live progress; exit 0 when every host is Provisioned.</summary>
internal static class DaemonRun
{
    public static async Task<int> RunAsync(FleetRuntime runtime, bool noUi, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<HostRecord> final;
        if (noUi || Console.IsOutputRedirected)
        {
            string last = string.Empty;
            runtime.Daemon.Progress += hosts =>
            {
                string line = FleetView.CountsLine(hosts);
                if (line != last)
                {
                    last = line;
                    Console.WriteLine($"{clock.Elapsed.TotalSeconds,7:0.0}s {line}");
                }
            };
            final = await runtime.Daemon.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            IReadOnlyList<HostRecord> result = [];
            await AnsiConsole.Live(FleetView.Counts([], TimeSpan.Zero)).StartAsync(async context =>
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

        int provisioned = final.Count(h => h.State == HostState.Provisioned);
        double minutes = clock.Elapsed.TotalMinutes;
        Console.WriteLine($"{provisioned}/{final.Count} hosts provisioned in {clock.Elapsed.TotalSeconds:0.0} s ({(minutes > 0 ? provisioned / minutes : 0):0} hosts/min)");
        foreach (var failed in final.Where(h => h.State == HostState.Failed))
        {
            Console.WriteLine($"{failed.HostId} failed in {failed.FailedPhase}: {failed.Reason}");
        }

        return provisioned == final.Count ? 0 : 1;
    }
}
