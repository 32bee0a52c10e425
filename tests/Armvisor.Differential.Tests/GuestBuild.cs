using System.Diagnostics;
using Armvisor.Bench.Qemu;

namespace Armvisor.Differential.Tests;

/// <summary>Builds the guests once per test run (<c>make -C guests</c>, the same step as scripts/test.sh) and finds them.</summary>
internal static class GuestBuild
{
    private static readonly Lazy<string> Directory_ = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>guests/build, freshly made.</summary>
    public static string Directory => Directory_.Value;

    public static string PathOf(string file) => Path.Combine(Directory, file);

    private static string Build()
    {
        string guests = Path.Combine(ToolLocator.RepositoryRoot(), "guests");
        var psi = new ProcessStartInfo("make", ["-C", guests, "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode != 0 ? throw new InvalidOperationException($"make -C guests failed: {err}") : Path.Combine(guests, "build");
    }
}
