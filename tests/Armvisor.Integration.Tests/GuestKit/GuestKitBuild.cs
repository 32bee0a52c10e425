using System.Diagnostics;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>Builds the guests once per test run (<c>make -C guests</c>, as scripts/test.sh does) and finds them.</summary>
internal static class GuestKitBuild
{
    private static readonly Lazy<string> s_directory = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>guests/build/<paramref name="file"/>, freshly made.</summary>
    public static string Guest(string file)
    {
        string path = Path.Combine(s_directory.Value, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"make -C guests did not produce {path}", path);
    }

    private static string Build()
    {
        string guests = Path.Combine(ArmvisorCli.RepositoryRoot, "guests");
        var start = new ProcessStartInfo("make", ["-C", guests, "-s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        return process.ExitCode == 0
            ? Path.Combine(guests, "build")
            : throw new InvalidOperationException($"make -C guests failed (exit {process.ExitCode}): {stderr}");
    }
}
