using System.Diagnostics;

namespace Armvisor.Fleet.Tests.Support;

/// <summary>Runs the fleet commands as a process (this test assembly's Main), stdout and stderr piped, as a script would.</summary>
public static class FleetCli
{
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "Armvisor.Fleet.Tests.dll");

    public static string Dotnet => TestImage.AgentCommand[0];

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Dotnet) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(AssemblyPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("NO_COLOR");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"fleet command {string.Join(' ', arguments)} did not finish: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
