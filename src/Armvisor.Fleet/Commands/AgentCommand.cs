using System.CommandLine;
using Armvisor.Fleet.Agent;
using Armvisor.Fleet.Images;

namespace Armvisor.Fleet.Commands;

/// <summary>Hidden <c>armvisor fleet agent</c>: one boot of an instance; exit 0 halt, 1 failed, 3 reboot.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var disk = new Option<string>("--disk") { Description = "The instance's disk directory.", Required = true };
        var hardware = new Option<string>("--hardware") { Description = "The instance's hardware.json.", Required = true };
        var fetchTimeout = new Option<int?>("--fetch-timeout") { Description = "Seconds to wait for the configuration." };
        var command = new Command("agent", "First-boot agent (runs inside an instance at every boot).") { disk, hardware, fetchTimeout };
        command.Hidden = true;
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            var hw = InstanceHardware.Load(parse.GetValue(hardware)!);
            var options = new AgentOptions
            {
                Console = Console.Out,
                FetchTimeout = parse.GetValue(fetchTimeout) is int s ? TimeSpan.FromSeconds(s) : null,
            };
            var outcome = await new FirstBootAgent(new InstanceDisk(parse.GetValue(disk)!), hw, options).BootAsync(cancellationToken).ConfigureAwait(false);
            return (int)outcome;
        }));
        return command;
    }
}
