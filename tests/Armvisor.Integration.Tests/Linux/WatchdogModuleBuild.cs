using System.Diagnostics;
using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.Linux;

/// <summary>
/// armvisor_wdt.ko for the kit's own kernel, built once per test run by <c>scripts/build-guest-kmod.sh --kit</c> (Debian's
/// arm64 linux-headers of the kit's kernel version and the host's linux-kbuild; cached, so a rebuild takes a second or two).
/// </summary>
public static class WatchdogModuleBuild
{
    private static readonly Lock s_lock = new();
    private static readonly Dictionary<string, string> s_built = new(StringComparer.Ordinal);

    /// <summary>The built module for <paramref name="kit"/> (under the fixture's work directory).</summary>
    public static string For(GuestKitFixture kit)
    {
        ArgumentNullException.ThrowIfNull(kit);
        lock (s_lock)
        {
            if (s_built.TryGetValue(kit.Kit.Directory, out string? built))
            {
                return built;
            }

            string output = Path.Combine(kit.WorkDirectory, "kmod");
            var start = new ProcessStartInfo(Path.Combine(ArmvisorCli.RepositoryRoot, "scripts", "build-guest-kmod.sh"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])["--kit", kit.Kit.Directory, "--out", output])
            {
                start.ArgumentList.Add(argument);
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start scripts/build-guest-kmod.sh");
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string path = Path.Combine(output, "armvisor_wdt.ko");
            if (process.ExitCode != 0 || !File.Exists(path))
            {
                throw new InvalidOperationException($"scripts/build-guest-kmod.sh failed (exit {process.ExitCode}):\n{stdout}\n{stderr.Result}");
            }

            s_built[kit.Kit.Directory] = path;
            return path;
        }
    }
}
