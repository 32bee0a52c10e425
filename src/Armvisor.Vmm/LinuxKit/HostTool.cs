using System.ComponentModel;
using System.Diagnostics;

namespace Armvisor.Vmm.LinuxKit;

/// <summary>Runs the host's own tools (apt-get, dpkg-deb...) with captured output and the C locale, so messages parse.</summary>
public static class HostTool
{
    /// <summary>Runs <paramref name="fileName"/> to its end. Throws <see cref="GuestKitException"/> (ToolMissing) if it is not installed.</summary>
    public static HostToolResult Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new GuestKitException(GuestKitFailure.ToolMissing, $"cannot start {fileName}");
        }
        catch (Win32Exception e)
        {
            throw new GuestKitException(GuestKitFailure.ToolMissing, $"{fileName} is not installed (scripts/install-deps.sh installs it)", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
            using (cancellationToken.Register(() => TryKill(process)))
            {
                process.WaitForExit();
            }

            cancellationToken.ThrowIfCancellationRequested();
            return new HostToolResult(process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
    }

    /// <summary>Whether <paramref name="fileName"/> is an executable on PATH.</summary>
    public static bool Exists(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(fileName);
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, fileName)));
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
