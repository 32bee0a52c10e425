using System.CommandLine;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary><c>armvisor dump-dtb</c>: write the device tree the machine would hand the guest, without running it.</summary>
internal static class DumpDtbCommand
{
    public static Command Create()
    {
        var options = new RunOptions();
        var output = new Option<FileInfo>("--output", "-o") { Description = "Where to write the DTB", Required = true };
        var command = new Command("dump-dtb", "Write the generated device tree blob (the same options as run)");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            MachineConfiguration config = options.ToConfiguration(result);
            byte[] dtb = MachineRunner.DeviceTreeFor(config);
            File.WriteAllBytes(result.GetValue(output)!.FullName, dtb);
            return 0;
        }));
        return command;
    }
}
