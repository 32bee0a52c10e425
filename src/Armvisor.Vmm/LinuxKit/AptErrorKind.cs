namespace Armvisor.Vmm.LinuxKit;

/// <summary>Maps apt/dpkg messages (LC_ALL=C) to a <see cref="GuestKitFailure"/>: the patterns are data, first match wins.</summary>
public static class AptErrorKind
{
    private static readonly (string Pattern, GuestKitFailure Failure)[] s_patterns =
    [
        ("Temporary failure resolving", GuestKitFailure.NoNetwork),
        ("Could not resolve", GuestKitFailure.NoNetwork),
        ("Failed to fetch", GuestKitFailure.NoNetwork),
        ("Network is unreachable", GuestKitFailure.NoNetwork),
        ("Could not connect", GuestKitFailure.NoNetwork),
        ("Connection timed out", GuestKitFailure.NoNetwork),
        ("Connection failed", GuestKitFailure.NoNetwork),
        ("Unable to locate package", GuestKitFailure.PackageNotFound),
        ("has no installation candidate", GuestKitFailure.PackageNotFound),
        ("No packages found", GuestKitFailure.PackageNotFound),
        ("Can't select candidate version", GuestKitFailure.PackageNotFound),
        ("Can't select version", GuestKitFailure.PackageNotFound),
        ("are you root", GuestKitFailure.NotRoot),
        ("Could not open lock file", GuestKitFailure.NotRoot),
        ("requires superuser privilege", GuestKitFailure.NotRoot),
        ("Permission denied", GuestKitFailure.NotRoot),
    ];

    /// <summary>The failure <paramref name="message"/> reports; <see cref="GuestKitFailure.ToolFailed"/> when no pattern matches.</summary>
    public static GuestKitFailure Classify(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach ((string pattern, GuestKitFailure failure) in s_patterns)
        {
            if (message.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return failure;
            }
        }

        return GuestKitFailure.ToolFailed;
    }
}
