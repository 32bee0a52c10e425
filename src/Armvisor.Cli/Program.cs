using System.CommandLine;
using System.Reflection;

namespace Armvisor.Cli;

/// <summary>The armvisor command line: <c>run</c>, <c>dump-dtb</c>, <c>demo</c>, and the fleet commands.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Armvisor: an ARM virtualization platform with its own AArch64 engine and hypervisor core.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(DumpDtbCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        foreach (Command command in Armvisor.Fleet.Commands.FleetCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        ParseResult result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            // One clear line and the configuration-error exit code, never a usage dump.
            Console.Error.WriteLine($"armvisor: {result.Errors[0].Message} (see 'armvisor --help')");
            return (int)Vmm.GuestOutcome.ConfigurationError;
        }

        return result.Invoke();
    }

    /// <summary>The product version, from the assembly.</summary>
    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}
