using System.CommandLine;
using Armvisor.Fleet.Common;
using Armvisor.Fleet.Daemon;

namespace Armvisor.Fleet.Commands;

/// <summary><c>armvisor fleet up --hosts N</c>: provision N hosts on this machine end to end, with live progress.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var noUi = CommonOptions.NoUi();
        var output = new OutputOptions();
        var statusListen = CommonOptions.StatusListen();
        var hosts = new Option<int>("--hosts") { Description = "Number of hosts.", DefaultValueFactory = _ => 3 };
        var store = new Option<string?>("--store") { Description = "sqlite:PATH (default DATA/fleet.db) or etcd:URL[,URL...]." };
        var provider = new Option<string>("--provider") { Description = "local (a process per instance) or in-process.", DefaultValueFactory = _ => "local" };
        var image = new Option<string?>("--image") { Description = "Master image directory (default: build one from this program)." };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Hosts provisioning at once.", DefaultValueFactory = _ => 20 };
        var listen = new Option<string>("--listen") { Description = "Metadata service address (loopback).", DefaultValueFactory = _ => "127.0.0.1:0" };
        var subnet = new Option<int>("--subnet") { Description = "Instances get 127.SUBNET.x.y.", DefaultValueFactory = _ => 100 };
        var vmCommand = new Option<string[]>("--vm-command") { Description = "argv that starts one VM ({kernel}, {name}, {run}); default: armvisor run --kernel {kernel}.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("up", "Provision N hosts end to end and show progress.")
        {
            data, hosts, store, provider, image, maxInFlight, listen, subnet, vmCommand, noUi, statusListen,
        };
        output.AddTo(command);
        command.SetAction((parse, cancellationToken) => FleetCommands.Guard(async () =>
        {
            string dataDirectory = Path.GetFullPath(parse.GetValue(data)!);
            int count = parse.GetValue(hosts);
            if (count is < 1 or > 62_499)
            {
                throw new FleetConfigurationException("--hosts must be 1..62499");
            }

            var settings = FleetSettings.Load(dataDirectory);
            if (settings is null)
            {
                string[]? vm = parse.GetValue(vmCommand) is { Length: > 0 } v ? v : null;
                string imageDirectory = parse.GetValue(image) ?? ImageBuildCommand.Build(dataDirectory, null, null, "1", vm).Directory;
                settings = new FleetSettings
                {
                    Store = parse.GetValue(store) ?? "sqlite:" + Path.Combine(dataDirectory, "fleet.db"),
                    Provider = parse.GetValue(provider)!,
                    ImageDirectory = imageDirectory,
                    Listen = parse.GetValue(listen)!,
                    Subnet = parse.GetValue(subnet),
                    MaxInFlight = parse.GetValue(maxInFlight),
                    VmCommand = vm,
                };
                settings.Save(dataDirectory);
            }

            await using var runtime = await FleetRuntime.StartAsync(dataDirectory, settings, statusListen: parse.GetValue(statusListen), cancellationToken: cancellationToken).ConfigureAwait(false);
            await runtime.Daemon.RegisterAsync(count, cancellationToken).ConfigureAwait(false);
            return await DaemonRun.RunAsync(runtime, parse.GetValue(noUi), parse.GetValue(output.Format), parse.GetValue(output.Style), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }
}
