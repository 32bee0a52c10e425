using System.CommandLine;
using Armvisor.Fleet.Commands;

namespace Armvisor.Fleet.Tests;

/// <summary>
/// Entry point of the test assembly when run as a program (<c>dotnet Armvisor.Fleet.Tests.dll fleet …</c>): the same
/// command tree the armvisor executable mounts, so process tests exercise the real commands.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("armvisor (fleet test host)");
        foreach (var command in FleetCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root.Parse(args).Invoke();
    }
}
