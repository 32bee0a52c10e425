using Armvisor.Integration.Tests.Infrastructure;

namespace Armvisor.Integration.Tests.GuestKit;

/// <summary>Runs a guest-kit guest with <c>armvisor run --kernel guest.elf [options] --serial stdio --timeout N</c>.</summary>
internal static class ArmvisorGuest
{
    /// <summary>armvisor's exit code when the guest powered off (GuestOutcome.PoweredOff).</summary>
    public const int PoweredOff = 0;

    /// <summary>GuestOutcome.Timeout: also how a guest with no PSCI at all ends (it halts after its end line).</summary>
    public const int Timeout = 5;

    /// <summary>GuestOutcome.WatchdogReset.</summary>
    public const int WatchdogReset = 7;

    public static GuestReport Run(string guestFile, int timeoutSeconds, params string[] options)
    {
        string[] arguments = ["run", "--kernel", GuestKitBuild.Guest(guestFile), "--serial", "stdio",
            "--timeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options];
        CliResult result = ArmvisorCli.Run(TimeSpan.FromSeconds(timeoutSeconds + 60), arguments);
        return new GuestReport(result.StandardOutput, result.ExitCode, result.StandardError);
    }
}
