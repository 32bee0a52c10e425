using System.Diagnostics;

namespace Armvisor.Integration.Tests.Infrastructure;

/// <summary>Runs the real armvisor executable (built next to the tests) as a user would, capturing stdout, stderr and the exit code.</summary>
public static class ArmvisorCli
{
    /// <summary>armvisor.dll in the test output directory (the CLI project is referenced).</summary>
    public static string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "armvisor.dll");

    /// <summary>The repository root (holds Armvisor.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Armvisor.slnx")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>A built bare-metal guest (make -C guests).</summary>
    public static string Guest(string name)
    {
        string path = Path.Combine(RepositoryRoot, "guests", "build", name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"guest {path} not built: run make -C guests", path);
    }

    public static CliResult Run(TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"armvisor {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
