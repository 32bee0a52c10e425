using System.CommandLine;
using Armvisor.Firmware.DeviceTree;
using Armvisor.Vmm;

namespace Armvisor.Cli;

/// <summary>
/// <c>armvisor dump-dtb</c>: write the device tree the machine would hand the guest, without running it, as the blob
/// (<c>--format dtb</c>, QEMU's <c>-machine dumpdtb</c>) or as DTS source (<c>--format dts</c>), to a file or stdout.
/// </summary>
internal static class DumpDtbCommand
{
    public static Command Create()
    {
        var options = new RunOptions();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write it ('-' or omitted: stdout)" };
        var format = new Option<string?>("--format") { Description = "dtb (default; dts when the output file ends in .dts) or dts (source text)", HelpName = "dtb|dts" };
        format.AcceptOnlyFromAmong("dtb", "dts");
        var command = new Command("dump-dtb", "Write the generated device tree (the same options as run), as a blob or DTS source");
        options.AddTo(command);
        command.Options.Add(output);
        command.Options.Add(format);
        command.SetAction(result => CliErrors.Guard(() =>
        {
            string? path = result.GetValue(output) is "-" ? null : result.GetValue(output);
            string kind = result.GetValue(format) ?? (path?.EndsWith(".dts", StringComparison.OrdinalIgnoreCase) == true ? "dts" : "dtb");
            if (kind == "dtb" && path is null && !Console.IsOutputRedirected)
            {
                throw new MachineConfigurationException("refusing to write a binary device tree to a terminal: give -o FILE, redirect stdout, or use --format dts");
            }

            MachineConfiguration config = options.ToConfiguration(result);
            byte[] dtb = MachineRunner.DeviceTreeFor(config);
            byte[] bytes = kind == "dts" ? System.Text.Encoding.UTF8.GetBytes(DtsWriter.Write(FdtReader.Parse(dtb))) : dtb;
            if (path is null)
            {
                using Stream stdout = Console.OpenStandardOutput();
                stdout.Write(bytes);
            }
            else
            {
                File.WriteAllBytes(Path.GetFullPath(path), bytes);
            }

            return 0;
        }));
        return command;
    }
}
