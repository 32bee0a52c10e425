using System.CommandLine;
using Armvisor.Fleet.Common;

namespace Armvisor.Fleet.Commands;

/// <summary>
/// The fleet's commands for the <c>armvisor</c> executable: <c>fleet up|status|daemon</c>, <c>image build</c>, and the
/// hidden instance-side <c>fleet agent</c>. Each returns an exit code; an error is one line on stderr.
/// </summary>
public static class FleetCommands
{
    public static IEnumerable<Command> Create()
    {
        var fleet = new Command("fleet", "Provision Armvisor hosts from one stateless master image.");
        fleet.Subcommands.Add(UpCommand.Create());
        fleet.Subcommands.Add(StatusCommand.Create());
        fleet.Subcommands.Add(DaemonCommand.Create());
        fleet.Subcommands.Add(AgentCommand.Create());
        fleet.Subcommands.Add(BenchMetadataCommand.Create());
        var image = new Command("image", "Master boot images.");
        image.Subcommands.Add(ImageBuildCommand.Create());
        return [fleet, image];
    }

    /// <summary>Runs a command body, turning operator errors into one line on stderr and exit code 2.</summary>
    internal static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (FleetException e)
        {
            await Console.Error.WriteLineAsync($"armvisor: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"armvisor: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("armvisor: interrupted").ConfigureAwait(false);
            return 130;
        }
#pragma warning disable CA1031 // The command boundary: anything unexpected is still one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"armvisor: internal error: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return 70;
        }
    }
}
