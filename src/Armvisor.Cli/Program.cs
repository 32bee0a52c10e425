using System.CommandLine;

namespace Armvisor.Cli;

/// <summary>The armvisor command line.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Armvisor: an ARM virtualization platform with its own AArch64 engine and hypervisor core.");
        return root.Parse(args).Invoke();
    }
}
