using System.CommandLine;

namespace Armvisor.Fleet.Commands;

/// <summary>Options several fleet commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> Data() => new("--data")
    {
        Description = "Fleet data directory (settings, signing key, SQLite store, instances).",
        DefaultValueFactory = _ => Path.Combine(Environment.CurrentDirectory, "armvisor-fleet"),
    };

    public static Option<string?> StatusListen() => new("--status-listen")
    {
        Description = "Serve the read-only fleet status page and its JSON API on this loopback ADDRESS:PORT (port 0: any free port; the URL is printed on stderr).",
    };

    public static Option<bool> NoUi() => new("--no-ui") { Description = "Plain line output instead of the live table." };
}
